// A two-question stand-in catalog for component tests of the in-memory backend. The real
// engine is Rust (ow-catalog) and is tested there and end to end.
import type { AnswerValue, Evaluation, ItemSummary, Question, SearchHit } from './types';

export const TKPO = '000173001001';

const summary: ItemSummary = {
  basic_code: TKPO,
  implementation_code: '11441900007330516K000173001001000001',
  version: '3',
  name: '市外迁入（投靠配偶）',
  department: 'huzheng',
  department_name: '户政',
  queue: 'huzheng',
  legal_limit: { amount: 20, unit: 'working_days' },
  promised_limit: { amount: 8, unit: 'working_days' },
  conditions: ['配偶具有本市常住户口'],
  visits: 1,
  fee: false,
  fee_note: null,
  area: 'city',
  legal_basis: ['《中华人民共和国户口登记条例》第十条'],
  refer_to: '户籍所在地公安派出所',
  keywords: ['夫妻投靠'],
  source: { file: 'items/huzheng/tkpo.yaml', line: 1 },
};

const questions: Question[] = [
  {
    id: 'origin',
    text: '申请人现户籍在哪里？',
    kind: 'single',
    options: [
      { id: 'in_province', label: '广东省内其他地市' },
      { id: 'other_province', label: '外省（自治区、直辖市）' },
    ],
    min: null,
    max: null,
    unit: null,
    help: null,
  },
  { id: 'married_years', text: '结婚登记满几年？', kind: 'number', options: [], min: 0, max: 70, unit: '年', help: null },
  { id: 'by_agent', text: '是否委托他人代为办理？', kind: 'yes_no', options: [], min: null, max: null, unit: null, help: null },
];

const line = (id: string, name: string, holder: 'applicant' | 'agent' | null = null) => ({
  id,
  material: id,
  name,
  holder,
  originals: 1,
  copies: 1,
  necessity: 'required' as const,
  points: ['核对原件与复印件一致'],
  notes: [],
  standard: `提供${name}原件及复印件一份`,
  issuer: null,
  form: null,
  sharing: null,
  // ID cards, marriage certificates and 户口簿 scan as two pages.
  pages: 2 as number | null,
});

export function searchMemory(query: string, boosts: Map<string, number>): SearchHit[] {
  const q = query.trim().toLowerCase();
  const hit = (matched: SearchHit['matched']): SearchHit[] => [
    { code: TKPO, implementation_code: summary.implementation_code, name: summary.name, department: 'huzheng', department_name: '户政', matched, score: 100 },
  ];
  if (q === '') return boosts.has(TKPO) ? hit('recent') : [];
  if ('tkpo'.startsWith(q) || summary.name.includes(q)) return hit('initials');
  return [];
}

export function itemSummary(code: string): ItemSummary | null {
  return code === TKPO ? summary : null;
}

export function evaluateMemory(answers: Record<string, AnswerValue>): Evaluation {
  const next = questions.filter((q) => !(q.id in answers));
  const years = answers['married_years'];
  const checklist = [line('applicant_id', '申请人居民身份证', 'applicant'), line('marriage_cert', '结婚证'), line('spouse_hukoubu', '配偶居民户口簿')];
  if (answers['by_agent'] && 'yes_no' in answers['by_agent'] && answers['by_agent'].yes_no) {
    checklist.push(line('agent_id', '代办人居民身份证', 'agent'));
  }
  const decision: Evaluation['decision'] =
    years && 'number' in years && (years.number ?? 0) < 2
      ? { status: 'not_acceptable', kind: 'not_eligible', reason: '结婚未满2年且未生育共同子女', basis: null, refer_to: null }
      : next.length > 0
        ? { status: 'incomplete', missing: next.map((q) => q.id) }
        : { status: 'acceptable' };
  return {
    item: TKPO,
    item_version: '3',
    next_questions: next,
    answered: questions.filter((q) => q.id in answers).map((q) => q.id),
    ignored_answers: [],
    invalid_answers: [],
    checklist,
    promised_limit: summary.promised_limit,
    promised_note: null,
    legal_limit: summary.legal_limit,
    decision,
  };
}

export const questionsMemory = questions;
