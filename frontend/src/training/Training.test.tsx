import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendError, BackendProvider, createMemoryBackend, type MemoryBackend, type Score } from '../backend';
import { MEMORY_SCENARIO } from '../backend/memoryTraining';
import { I18nProvider } from '../i18n';
import { ScoreView } from './ScoreView';

function renderApp(backend: MemoryBackend) {
  render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

const careless: Score = {
  scenario: MEMORY_SCENARIO.id,
  points: 35,
  decision: 'accept',
  expected_decision: 'notice',
  decision_right: false,
  lines: [
    { line: 'marriage_cert', name: '结婚证', expected: { expect: 'flag', defect: 'blurred' }, mark: { mark: 'received' }, right: false },
    { line: 'photo', name: '照片', expected: { expect: 'receive' }, mark: { mark: 'received' }, right: true },
  ],
  defects_planted: 1,
  defects_caught: 0,
  seconds: 320,
  target_seconds: 300,
  papers: 1,
  path: [
    { step: 'read_card', card: 'valid_adult', agent: false },
    { step: 'choose_item', name: '市外迁入（投靠配偶）' },
    { step: 'line', name: '结婚证', expected: { expect: 'flag', defect: 'blurred' } },
    { step: 'decide', decision: 'notice', ground: null },
  ],
};

describe('training', () => {
  it('Alt+T opens the library on its first scenario; Enter starts it with the citizen at the counter', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderApp(backend);
    await screen.findByTestId('workstation');
    await user.keyboard('{Alt>}t{/Alt}');
    const first = await screen.findByTestId(`scenario-${MEMORY_SCENARIO.id}`);
    await waitFor(() => expect(first).toHaveFocus());
    await user.keyboard('{Enter}');
    const tray = await screen.findByTestId('training-tray');
    expect(tray).toHaveTextContent(MEMORY_SCENARIO.title);
    // No item yet: the papers wait for a checklist to go into.
    expect(within(tray).getByTestId('tray-paper-marriage_cert')).toBeDisabled();
    await user.click(within(tray).getByTestId('tray-card-applicant'));
    await waitFor(() => expect(screen.getByTestId('applicant-source')).toHaveAttribute('data-source', 'sam_reader'));
    expect((await backend.trainingMyResults()).map((r) => r.scenario)).toEqual([MEMORY_SCENARIO.id]);
  });

  it('the score says what was wrong and shows the right path', () => {
    render(
      <I18nProvider initial="zh-CN">
        <ScoreView score={careless} />
      </I18nProvider>,
    );
    const score = screen.getByTestId('training-score');
    expect(score).toHaveAttribute('data-points', '35');
    expect(screen.getByTestId('score-decision')).toHaveAttribute('data-right', 'false');
    expect(screen.getByTestId('score-decision')).toHaveTextContent('应为一次性告知');
    expect(screen.getByTestId('score-defects')).toHaveTextContent('0 / 1');
    expect(score).toHaveTextContent('超出目标 20 秒');
    expect(within(screen.getByTestId('score-lines')).getByText('有瑕疵（扫描模糊），列入告知')).toBeInTheDocument();
  });

  it('the trainer reads every play, the library, and resets the window; a trainee may not read all', async () => {
    const user = userEvent.setup();
    const trainee = createMemoryBackend();
    await trainee.trainingStart(MEMORY_SCENARIO.id);
    const refused = await trainee.trainingResults().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackendError);
    expect((refused as BackendError).code).toBe('auth.forbidden');

    const backend = createMemoryBackend({ signedOut: true });
    renderApp(backend);
    await screen.findByTestId('signin');
    await user.keyboard('3001{Enter}0000{Enter}');
    await waitFor(() => expect(screen.getByTestId('clerk')).toHaveAttribute('data-id', '3001'));
    await backend.trainingStart(MEMORY_SCENARIO.id);
    await user.keyboard('{Control>}2{/Control}');
    const desk = await screen.findByTestId('trainer-desk');
    await waitFor(() => expect(within(desk).getByTestId('trainer-results')).toHaveTextContent(MEMORY_SCENARIO.title));
    await user.keyboard('{Alt>}s{/Alt}');
    await waitFor(() => expect(within(desk).getByTestId('trainer-library')).toHaveTextContent('户政'));
    expect(backend.cases.size).toBe(1);
    await user.click(within(desk).getByTestId('training-reset'));
    const ok = await waitFor(() => {
      const b = document.getElementById('training-reset-ok');
      expect(b).not.toBeNull();
      return b as HTMLElement;
    });
    await user.click(ok);
    await waitFor(() => expect(backend.cases.size).toBe(0));
    expect(await backend.trainingResults()).toHaveLength(1);
  });
});
