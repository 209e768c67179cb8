import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend, type MemoryBackend } from '../backend';

function renderWith(backend: MemoryBackend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

async function openItemStep(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('new-case'));
  await screen.findByTestId('applicant-name');
  await user.keyboard('{F3}');
  const search = await screen.findByTestId('item-search');
  await waitFor(() => expect(search).toHaveFocus());
  return search;
}

describe('item and situation', () => {
  it('finds the item by pinyin initials and answers every question from the keyboard', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await openItemStep(user);
    await user.keyboard('tkpo');
    await screen.findByTestId('item-hit');
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('item-name')).toHaveTextContent('投靠配偶');

    // Single choice by digit; focus is already on the question.
    const q1 = await screen.findByTestId('question-active');
    expect(q1).toHaveAttribute('data-question', 'origin');
    await waitFor(() => expect(q1).toHaveFocus());
    await user.keyboard('2');
    // Number: the input has focus; Enter commits.
    await waitFor(() => expect(screen.getByTestId('question-active')).toHaveAttribute('data-question', 'married_years'));
    await waitFor(() => expect(within(screen.getByTestId('question-active')).getByRole('spinbutton')).toHaveFocus());
    await user.keyboard('5{Enter}');
    // Yes/no by Y.
    await waitFor(() => expect(screen.getByTestId('question-active')).toHaveAttribute('data-question', 'by_agent'));
    await waitFor(() => expect(screen.getByTestId('question-active')).toHaveFocus());
    await user.keyboard('y');

    await screen.findByTestId('situation-done');
    expect(screen.getByTestId('decision')).toHaveAttribute('data-status', 'acceptable');
    const names = screen.getAllByTestId('checklist-name').map((n) => n.textContent);
    expect(names).toEqual(['申请人居民身份证', '结婚证', '配偶居民户口簿', '代办人居民身份证']);
    expect(screen.getByTestId('promised')).toHaveTextContent('2026-03-12');
    expect(screen.getByTestId('promised')).toHaveTextContent('8 个工作日');
    expect(screen.getByTestId('answered-origin')).toHaveTextContent('外省');

    // Enter on the finished situation moves on to the materials step.
    await waitFor(() => expect(screen.getByTestId('item-continue')).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('step-area')).toHaveAttribute('data-step', 'materials'));
    const saved = [...backend.cases.values()][0];
    expect(saved?.answers).toEqual({ origin: { choice: 'other_province' }, married_years: { number: 5 }, by_agent: { yes_no: true } });
  });

  it('an answer that rules the case out shows the reason at once', async () => {
    const user = userEvent.setup();
    renderWith(createMemoryBackend());
    await openItemStep(user);
    await user.keyboard('tkpo');
    await screen.findByTestId('item-hit');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('question-active')).toHaveFocus());
    await user.keyboard('1');
    await waitFor(() => expect(screen.getByTestId('question-active')).toHaveAttribute('data-question', 'married_years'));
    await user.keyboard('1{Enter}');
    await waitFor(() => expect(screen.getByTestId('decision')).toHaveAttribute('data-status', 'not_acceptable'));
    expect(screen.getByTestId('decision')).toHaveTextContent('结婚未满2年');
  });

  it('changing an answer brings its question back', async () => {
    const user = userEvent.setup();
    renderWith(createMemoryBackend());
    await openItemStep(user);
    await user.keyboard('tkpo');
    await screen.findByTestId('item-hit');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('question-active')).toHaveFocus());
    await user.keyboard('1');
    await screen.findByTestId('answered-origin');
    await user.click(screen.getByTestId('edit-origin'));
    await waitFor(() => expect(screen.getByTestId('question-active')).toHaveAttribute('data-question', 'origin'));
  });

  it('frequent items are offered before anything is typed', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const c = await backend.createCase(null);
    await backend.chooseItem(c.id, '000173001001');
    renderWith(backend);
    // The earlier case is resumed; Esc puts it aside.
    await screen.findByTestId('resumed');
    await user.keyboard('{Escape}');
    await openItemStep(user);
    const hits = await screen.findAllByTestId('item-hit');
    expect(hits[0]).toHaveAttribute('data-code', '000173001001');
  });
});
