import { Button, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useBackend, type CaseDraft, type Score, type TrainingPlay } from '../backend';
import { useI18n } from '../i18n';
import type { Materials } from '../workstation/useMaterials';
import { ScoreView } from './ScoreView';

/**
 * The scenario's citizen at the counter: the cards they hold out (put on the simulated reader)
 * and the papers they hand over (each goes into the selected checklist line through the
 * window's import, page checks and all). Once the case is decided, the score.
 */
export function TrainingTray({
  play,
  draft,
  materials,
  onError,
  trayRef,
}: {
  trayRef: React.Ref<HTMLElement>;
  play: TrainingPlay;
  draft: CaseDraft;
  materials: Materials;
  onError: (e: unknown) => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const s = play.scenario;
  const decided = draft.status !== 'draft';
  const [score, setScore] = useState<Score | null>(null);
  useEffect(() => {
    if (decided) backend.trainingScore(draft.id).then(setScore, onError);
  }, [backend, decided, draft.id, onError]);
  const [handed, setHanded] = useState<string[]>([]);
  const into = materials.lines.find((l) => l.id === materials.lineId)?.name ?? null;
  const handOver = (line: string) =>
    void materials.handOver(line).then((v) => v && setHanded((h) => [...h, line]));
  if (score) return <ScoreView score={score} />;
  return (
    <section className="ow-tray" data-testid="training-tray" aria-labelledby="tray-title" ref={trayRef}>
      <h2 id="tray-title">
        {t('training.tray.title', { title: s.title })} <Tag>{t('training.target', { n: s.target_seconds })}</Tag>
      </h2>
      <p className="ow-muted">{s.teaches}</p>
      <div className="ow-tray-row">
        <Button data-testid="tray-card-applicant" onClick={() => backend.simPresent(s.applicant_card).catch(onError)}>
          {t('training.tray.card')}
        </Button>
        {s.agent_card && (
          <Button data-testid="tray-card-agent" onClick={() => backend.simPresent(s.agent_card ?? '').catch(onError)}>
            {t('training.tray.agentCard')}
          </Button>
        )}
      </div>
      {s.documents.length > 0 && (
        <>
          <p>{into ? t('training.tray.into', { line: into }) : t('training.tray.noLine')}</p>
          <ul className="ow-tray-papers" aria-label={t('training.tray.papers')}>
            {s.documents.map((d) => (
              <li key={d.line}>
                <Button
                  size="small"
                  disabled={!into || materials.busy || decided}
                  data-testid={`tray-paper-${d.line}`}
                  data-paper={d.line}
                  data-handed={handed.includes(d.line)}
                  onClick={() => handOver(d.line)}
                >
                  {t('training.tray.handOver')}
                </Button>{' '}
                <strong>{d.name}</strong> <span className="ow-muted">{t('training.tray.pages', { n: d.pages })}</span>
                <div className="ow-tray-says">{d.says}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
