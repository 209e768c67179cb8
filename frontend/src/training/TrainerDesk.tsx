import { App as AntApp, Button, Table, Tabs, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { BackendError, useBackend, type Scenario, type TrainingResult } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { useAltKey } from '../useAltKey';
import { ScoreView } from './ScoreView';
import { useResetWindow } from './useResetWindow';

const DECISION: Record<string, MessageKey> = {
  accept: 'training.decision.accept',
  notice: 'training.decision.notice',
  reject: 'training.decision.reject',
};

/**
 * The trainer's place: the scenario library (Alt+S) and every trainee's plays on this
 * workstation with their scores (Alt+R); a row opens the score with the right path. The reset
 * empties the training window and keeps the scores.
 */
export function TrainerDesk() {
  const backend = useBackend();
  const { t, locale, errorMessage } = useI18n();
  const { message } = AntApp.useApp();
  const [tab, setTab] = useState('results');
  const [scenarios, setScenarios] = useState<Scenario[]>([]);
  const [results, setResults] = useState<TrainingResult[]>([]);
  const [open, setOpen] = useState<TrainingResult | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const fail = useCallback(
    (e: unknown) => message.error(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e)),
    [message, errorMessage],
  );
  const load = useCallback(() => {
    backend.trainingScenarios().then(setScenarios, fail);
    backend.trainingResults().then(setResults, fail);
  }, [backend, fail]);
  useEffect(load, [load]);
  useAltKey('S', true, () => setTab('library'));
  useAltKey('R', true, () => setTab('results'));
  const report = () => {
    if (!open) return;
    setSaved(null);
    backend.trainingReport(open.person).then((path) => {
      setSaved(path);
      message.success(t('training.report.saved', { path }));
    }, fail);
  };
  useAltKey('P', !!open, report);
  const reset = useResetWindow(load, fail);
  const library = (
    <Table
      size="small"
      rowKey="id"
      data-testid="trainer-library"
      pagination={false}
      dataSource={scenarios}
      columns={[
        { title: t('training.col.title'), dataIndex: 'title' },
        { title: t('training.col.item'), dataIndex: 'item_name' },
        { title: t('training.col.department'), dataIndex: 'department' },
        { title: t('training.col.level'), render: (_, s) => <Tag>{t(`training.level.${s.level}` as MessageKey)}</Tag> },
        { title: t('training.col.outcome'), render: (_, s) => t(DECISION[s.expected.decision] ?? 'training.decision.accept') },
        { title: t('training.col.teaches'), dataIndex: 'teaches' },
      ]}
    />
  );
  const scored = (
    <>
      <Table
        size="small"
        rowKey="case_id"
        data-testid="trainer-results"
        pagination={{ pageSize: 20 }}
        dataSource={results}
        onRow={(r) => ({ onClick: () => setOpen(r) })}
        columns={[
          { title: t('training.col.trainee'), render: (_, r) => (r.person_name ? t('training.trainee', { name: r.person_name, id: r.person }) : r.person) },
          { title: t('training.col.title'), dataIndex: 'title' },
          { title: t('training.col.started'), render: (_, r) => new Date(r.started_at).toLocaleString(locale) },
          {
            title: t('training.col.points'),
            render: (_, r) =>
              r.score ? (
                <Button type="link" size="small" data-testid="result-points" onClick={() => setOpen(r)}>
                  {r.score.points}
                </Button>
              ) : (
                t('training.col.unfinished')
              ),
          },
        ]}
      />
      {open && (
        <p>
          <Button data-testid="training-report" onClick={report}>
            {t('training.report', { name: open.person_name ?? open.person })} (Alt+P)
          </Button>{' '}
          {saved && (
            <span className="ow-muted" data-testid="report-saved" data-path={saved}>
              {t('training.report.saved', { path: saved })}
            </span>
          )}
        </p>
      )}
      {open?.score && <ScoreView score={open.score} />}
    </>
  );
  return (
    <main className="ow-console" data-testid="trainer-desk" aria-labelledby="trainer-title">
      <h1 id="trainer-title">{t('trainer.title')}</h1>
      <Button danger data-testid="training-reset" onClick={reset}>
        {t('training.reset')}
      </Button>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'results', label: `${t('training.tab.results')} (Alt+R)`, children: scored },
          { key: 'library', label: `${t('training.tab.library')} (Alt+S)`, children: library },
        ]}
      />
    </main>
  );
}
