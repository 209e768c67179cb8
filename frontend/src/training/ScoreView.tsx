import { Collapse, Descriptions, Table, Tag } from 'antd';
import type { LineExpectation, PathStep, Score } from '../backend';
import { useI18n, type MessageKey } from '../i18n';

const DECISION: Record<string, MessageKey> = {
  accept: 'training.decision.accept',
  notice: 'training.decision.notice',
  reject: 'training.decision.reject',
};

function expectText(e: LineExpectation, t: (k: MessageKey, v?: Record<string, string | number>) => string) {
  if (e.expect === 'flag') return t('training.expect.flag', { defect: t(`training.defect.${e.defect}` as MessageKey) });
  return t(`training.expect.${e.expect}` as MessageKey);
}

function stepText(s: PathStep, t: (k: MessageKey, v?: Record<string, string | number>) => string) {
  switch (s.step) {
    case 'read_card':
      return t(s.agent ? 'training.path.agentCard' : 'training.path.card', { card: s.card });
    case 'choose_item':
      return t('training.path.item', { name: s.name });
    case 'answer':
      return `${s.question} → ${s.answer}`;
    case 'line':
      return t('training.path.line', { name: s.name, what: expectText(s.expected, t) });
    case 'decide':
      return t('training.path.decide', { decision: t(DECISION[s.decision] ?? 'training.decision.accept') });
  }
}

/** A play's score: the points, what was right and wrong, and the right path step by step. */
export function ScoreView({ score }: { score: Score }) {
  const { t } = useI18n();
  const over = score.seconds - score.target_seconds;
  return (
    <section className="ow-score" data-testid="training-score" data-points={score.points} aria-labelledby="score-title">
      <h2 id="score-title">
        {t('training.score.title', { points: score.points })}
      </h2>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('training.score.decision')}>
          <span data-testid="score-decision" data-right={score.decision_right}>
            {t(DECISION[score.decision] ?? 'training.decision.accept')}
            {score.decision_right ? ' ✓' : ` ✗ ${t('training.score.should', { decision: t(DECISION[score.expected_decision] ?? 'training.decision.accept') })}`}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('training.score.defects')}>
          <span data-testid="score-defects">
            {score.defects_caught} / {score.defects_planted}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('training.score.time')}>
          {t('training.score.seconds', { n: score.seconds })} · {over > 0 ? t('training.score.over', { n: over }) : t('training.score.within', { n: score.target_seconds })}
        </Descriptions.Item>
        <Descriptions.Item label={t('training.score.papers')}>{score.papers}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        pagination={false}
        rowKey="line"
        data-testid="score-lines"
        dataSource={score.lines}
        columns={[
          { title: t('training.score.line'), dataIndex: 'name' },
          { title: t('training.score.expected'), render: (_, l) => expectText(l.expected, t) },
          {
            title: t('training.score.yours'),
            render: (_, l) => <Tag color={l.right ? 'green' : 'red'}>{t(`training.mark.${l.mark.mark}` as MessageKey)}</Tag>,
          },
        ]}
      />
      <Collapse
        size="small"
        items={[
          {
            key: 'path',
            forceRender: true,
            label: t('training.score.path'),
            children: (
              <ol data-testid="score-path">
                {score.path.map((s, i) => (
                  <li key={i}>{stepText(s, t)}</li>
                ))}
              </ol>
            ),
          },
        ]}
      />
    </section>
  );
}
