// Training in the memory backend, for the screens' component tests. The library, the scoring
// and the reset are the desk's (crates/training, crates/desk/src/training.rs), tested there;
// here one scenario and the score the test gives.
import { BackendError, type Backend, type CaseDraft, type Scenario, type Score, type TrainingResult } from './types';

type TrainingCommands = Pick<
  Backend,
  | 'trainingScenarios'
  | 'trainingStart'
  | 'trainingHandOver'
  | 'trainingScore'
  | 'trainingMyResults'
  | 'trainingResults'
  | 'trainingReset'
  | 'trainingReport'
>;

interface Deps {
  cases: Map<string, CaseDraft>;
  createCase(): Promise<CaseDraft>;
  importFile: Backend['importFile'];
  owner(): string;
  require(role: 'clerk' | 'trainer'): void;
}

export const MEMORY_SCENARIO: Scenario = {
  id: '03-tkpo-blurred-marriage',
  file: '03-tkpo-blurred-marriage.yaml',
  title: '夫妻投靠：结婚证扫描模糊',
  level: 2,
  teaches: '扫描页面模糊要发现并作为瑕疵材料告知',
  item_code: '000173001001',
  item_name: '市外迁入（投靠配偶）',
  department: '户政',
  applicant_card: 'valid_adult',
  agent_card: null,
  answers: {},
  documents: [
    { line: 'marriage_cert', name: '结婚证', says: '结婚证，2019年5月登记', pages: 1, defect: 'blurred' },
    { line: 'photo', name: '照片', says: '近期一寸照片', pages: 1, defect: null },
  ],
  data_checks: [],
  expected: { decision: 'notice', lines: ['marriage_cert'], owed: [], ground: null },
  target_seconds: 300,
};

export interface MemoryTraining extends TrainingCommands {
  /** What `trainingScore` answers once the play's case is decided (the desk works it out). */
  setScore(s: Score | null): void;
}

export function memoryTraining({ cases, createCase, importFile, owner, require }: Deps): MemoryTraining {
  const plays: TrainingResult[] = [];
  let score: Score | null = null;
  const play = (id: string) => {
    const p = plays.find((r) => r.case_id === id);
    if (!p) throw new BackendError({ code: 'training.not_a_play', message: 'not a play', details: null });
    return p;
  };
  return {
    setScore: (s) => (score = s),
    async trainingScenarios() {
      return [MEMORY_SCENARIO];
    },
    async trainingStart(scenario) {
      require('clerk');
      if (scenario !== MEMORY_SCENARIO.id) throw new BackendError({ code: 'training.unknown_scenario', message: scenario, details: null });
      const c = await createCase();
      plays.unshift({ case_id: c.id, scenario, title: MEMORY_SCENARIO.title, person: owner(), person_name: null, started_at: c.created_at, score: null });
      return { case_id: c.id, scenario: MEMORY_SCENARIO };
    },
    async trainingHandOver(id, document, into) {
      play(id);
      return importFile(id, into, `${document}-1.jpg`, [0xff, 0xd8]);
    },
    async trainingScore(id) {
      const p = play(id);
      if (cases.get(id)?.status === 'draft') return null;
      p.score = score;
      return score;
    },
    async trainingMyResults() {
      return plays.filter((p) => p.person === owner());
    },
    async trainingResults() {
      require('trainer');
      return [...plays];
    },
    async trainingReport(person) {
      require('trainer');
      return `/tmp/培训成绩单-${person}.pdf`;
    },
    async trainingReset() {
      const n = cases.size;
      cases.clear();
      return { cases: n, pages: 0, papers: 0, outbox: 0, millis: 1 };
    },
  };
}
