import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend, type MemoryBackend } from '../backend';
import { TKPO } from '../backend/memoryCatalog';

function renderWith(backend: MemoryBackend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

/** A case with applicant and every answer, at the decision step, as a resumed draft. */
async function answeredCase(backend: MemoryBackend) {
  const c = await backend.createCase(null);
  await backend.updateCase(c.id, { applicant_name: '陈思远', applicant_id_number: '11010519491231002X', step: 'decision' });
  await backend.chooseItem(c.id, TKPO);
  await backend.answer(c.id, 'origin', { choice: 'other_province' });
  await backend.answer(c.id, 'married_years', { number: 5 });
  await backend.answer(c.id, 'by_agent', { yes_no: false });
  return c.id;
}

describe('decision and paper', () => {
  it('with materials missing, F6 is refused and F7 issues a notice listing exactly those lines', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const id = await answeredCase(backend);
    await backend.markLine(id, 'applicant_id', { mark: 'received' });
    renderWith(backend);
    await screen.findByTestId('decision-step');
    expect(screen.getByTestId('decide-accept')).toBeDisabled();
    expect(screen.getByTestId('decision-blocker')).toHaveAttribute('data-code', 'materials_incomplete');
    const listed = screen.getAllByTestId('notice-line').map((l) => l.getAttribute('data-line'));
    expect(listed).toEqual(['marriage_cert', 'spouse_hukoubu']);

    await user.keyboard('{F6}');
    expect(screen.queryByTestId('decision-ok')).toBeNull();
    await user.keyboard('{F7}');
    await screen.findByTestId('decision-ok');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(screen.getByTestId('paper-step')).toHaveAttribute('data-status', 'noticed'));
    expect(screen.getByTestId('case-number')).toHaveTextContent('PX-TRAIN0001-W08-20260302-0001');
    expect(backend.cases.get(id)?.decision?.listed_lines).toEqual(['marriage_cert', 'spouse_hukoubu']);
    // Focus waits on Print; F9 prints and the history shows it.
    await waitFor(() => expect(screen.getByTestId('paper-print')).toHaveFocus());
    await user.keyboard('{F9}');
    await waitFor(() => expect(screen.getByTestId('paper-entry')).toHaveAttribute('data-printed', 'yes'));
    // A notice hands nothing over: no voucher, no Shift+F9.
    expect(screen.getAllByTestId('paper-entry')).toHaveLength(1);
    expect(screen.queryByTestId('paper-print-voucher')).toBeNull();
    expect(screen.getByTestId('key-Shift+F9')).toBeDisabled();
  });

  it('Esc on a confirmation closes only the dialog; the case stays open', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const id = await answeredCase(backend);
    renderWith(backend);
    await screen.findByTestId('decision-step');
    await user.keyboard('{F7}');
    await screen.findByTestId('decision-ok');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.getByTestId('decision-ok')).not.toBeVisible());
    expect(screen.getByTestId('decision-step')).toBeVisible();
    expect(screen.queryByTestId('home')).toBeNull();
    expect(backend.cases.get(id)?.decision).toBeNull();
  });

  it('a rejection asks for its ground and will not go without one', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const id = await answeredCase(backend);
    renderWith(backend);
    await screen.findByTestId('decision-step');
    await user.keyboard('{F8}');
    await screen.findByTestId('reject-form');
    expect(screen.getByTestId('decision-ok')).toBeDisabled();
    await user.click(screen.getByTestId('reject-ground-out_of_remit'));
    await user.click(screen.getByTestId('reject-detail'));
    await user.keyboard('市民政局');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('paper-step')).toHaveAttribute('data-status', 'rejected'));
    expect(backend.cases.get(id)?.decision?.ground).toEqual({ kind: 'out_of_remit', competent_department: '市民政局' });
  });

  it('with every required line received, F6 then Enter accepts and the receipt is issued once', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const id = await answeredCase(backend);
    for (const line of ['applicant_id', 'marriage_cert', 'spouse_hukoubu']) await backend.markLine(id, line, { mark: 'received' });
    renderWith(backend);
    await screen.findByTestId('decision-can-accept');
    await waitFor(() => expect(screen.getByTestId('decide-accept')).toHaveFocus());
    await user.keyboard('{F6}');
    await screen.findByTestId('decision-ok');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('paper-step')).toHaveAttribute('data-status', 'accepted'));
    expect(screen.getByTestId('promised-by')).toHaveTextContent('2026-03-12');
    // The originals go to the back office: the receipt comes with its hand-over voucher.
    await waitFor(() => expect(screen.getAllByTestId('paper-entry').map((e) => e.getAttribute('data-kind'))).toEqual(['receipt', 'voucher']));
    expect(screen.getByTestId('paper-print-voucher')).toHaveTextContent('Shift+F9');
    expect(screen.getByTestId('key-Shift+F9')).toBeEnabled();
    // Shift+F9 prints the voucher only; F9 the receipt on show.
    const printed = () => screen.getAllByTestId('paper-entry').map((e) => e.getAttribute('data-printed'));
    await user.keyboard('{Shift>}{F9}{/Shift}');
    await waitFor(() => expect(printed()).toEqual(['no', 'yes']));
    await user.keyboard('{F9}');
    await waitFor(() => expect(printed()).toEqual(['yes', 'yes']));
    // Ctrl+F9 reprints (补打) the paper on show; the reprint is filed and shown.
    const entries = () => screen.getAllByTestId('paper-entry').map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-reprint'), e.getAttribute('data-shown')]);
    await user.keyboard('{Control>}{F9}{/Control}');
    await waitFor(() =>
      expect(entries()).toEqual([
        ['receipt', 'no', 'no'],
        ['voucher', 'no', 'no'],
        ['receipt', 'yes', 'yes'],
      ]),
    );
    expect(screen.getAllByTestId('paper-entry')[2]).toHaveTextContent('补打');
    // ↑ walks the history: the voucher is shown, and Ctrl+F9 would reprint it.
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(entries()[1]).toEqual(['voucher', 'no', 'yes']));
    // The decided case is frozen: typing into it is refused by the backend.
    await expect(backend.updateCase(id, { applicant_name: '别人' })).rejects.toMatchObject({ code: 'desk.case_closed' });
  });
});
