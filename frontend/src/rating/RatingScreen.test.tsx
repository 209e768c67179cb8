import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend } from '../backend';

describe('好差评 (the citizen rates the visit)', () => {
  it('shows over the screen after F12 ends a served visit, and 1 rates it very satisfied', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    render(
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>,
    );
    backend.issueTicket('huzheng');
    await screen.findByTestId('ticket-waiting');
    await user.keyboard('{F12}');
    await waitFor(() => expect(screen.getByTestId('ticket-current')).toHaveTextContent('A001'));
    const [c] = [...backend.cases.values()];
    // The visit produced a decided case and service started.
    await backend.ticketStart('20260302-A001');
    c!.decision = { case_number: 'PX-W08-0001' } as never;
    await user.keyboard('{F12}');
    const rating = await screen.findByTestId('rating-screen');
    expect(rating).toHaveTextContent('为您服务的是');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('rating-very_satisfied')));
    await user.keyboard('1');
    await screen.findByTestId('rating-thanks');
    expect(backend.ratings.map((r) => [r.grade, r.visit.ticket, r.visit.cases])).toEqual([['very_satisfied', 'A001', ['PX-W08-0001']]]);
    expect(screen.getByTestId('rating-screen')).not.toHaveTextContent('非常满意');
  });

  it('a 差评 asks for a reason before it is sent; Esc skips', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    render(
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>,
    );
    await screen.findByTestId('workstation');
    backend.issueTicket('huzheng');
    await screen.findByTestId('ticket-waiting');
    await backend.ratingRequest('A009', ['PX-W08-0002']);
    await user.keyboard('{F12}');
    await screen.findByTestId('rating-screen');
    await user.keyboard('5');
    await screen.findByTestId('rating-why');
    await user.click(screen.getByTestId('rating-send'));
    expect(await screen.findByTestId('rating-error')).toHaveTextContent('请选择不满意的原因');
    expect(backend.ratings).toHaveLength(0);
    await user.click(screen.getByLabelText('等候时间长'));
    await user.click(screen.getByTestId('rating-send'));
    await screen.findByTestId('rating-thanks');
    expect(backend.ratings.map((r) => [r.grade, r.reasons])).toEqual([['very_dissatisfied', ['long_wait']]]);

    await waitFor(() => expect(screen.queryByTestId('rating-screen')).toBeNull(), { timeout: 4000 });

    // Another visit; the citizen would rather not: Esc, and nothing is recorded.
    await backend.ratingRequest('A010', ['PX-W08-0003']);
    await user.keyboard('{F12}');
    await screen.findByTestId('rating-screen');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('rating-screen')).toBeNull());
    expect(await backend.ratingPending()).toBeNull();
    expect(backend.ratings).toHaveLength(1);
  });
});
