import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend } from '../backend';

function start() {
  const backend = createMemoryBackend();
  render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
  return backend;
}

describe('calling tickets (叫号)', () => {
  it('F12 calls the green-channel ticket first and opens its case with the number and the priority', async () => {
    const user = userEvent.setup();
    const backend = start();
    backend.issueTicket('huzheng');
    backend.issueTicket('huzheng', 'senior');
    const waiting = await screen.findByTestId('ticket-waiting');
    await waitFor(() => expect(waiting).toHaveTextContent('等候 2 人'));

    await user.keyboard('{F12}');
    await waitFor(() => expect(screen.getByTestId('ticket-current')).toHaveTextContent('A002'));
    expect(screen.getByTestId('ticket-green')).toHaveTextContent('绿色通道 · 老年人');
    expect(await screen.findByTestId('ticket-display')).toHaveTextContent('A002');
    expect(screen.getByTestId('case-green')).toHaveAttribute('data-reason', 'senior');
    const c = [...backend.cases.values()][0];
    expect(c?.ticket).toBe('A002');
    expect(c?.green).toBe('senior');
    await waitFor(() => expect(waiting).toHaveTextContent('等候 1 人'));
  });

  it('recall counts, no-show is refused until the recalls are made, pause stops the calls', async () => {
    const user = userEvent.setup();
    const backend = start();
    backend.issueTicket('huzheng');
    backend.issueTicket('huzheng');
    await screen.findByTestId('ticket-waiting');
    await user.keyboard('{F12}');
    await waitFor(() => expect(screen.getByTestId('ticket-current')).toHaveTextContent('A001'));

    await user.keyboard('{Control>}{F12}{/Control}');
    await waitFor(() => expect(document.querySelector('.ant-message-error')).not.toBeNull());
    expect(screen.getByTestId('ticket-state')).toHaveTextContent('已叫号');

    await user.keyboard('{Shift>}{F12}{/Shift}');
    await user.keyboard('{Shift>}{F12}{/Shift}');
    await waitFor(() => expect(screen.getByText('已重呼 2 次')).toBeInTheDocument());
    await user.keyboard('{Control>}{F12}{/Control}');
    await waitFor(() => expect(screen.getByTestId('ticket-current')).toHaveTextContent('未叫号'));
    expect(backend.tickets().map((t) => [t.number, t.state])).toEqual([
      ['A001', 'no_show'],
      ['A002', 'waiting'],
    ]);

    await user.keyboard('{Control>}p{/Control}');
    await waitFor(() => expect(screen.getByTestId('ticket-paused')).toBeInTheDocument());
    expect(screen.getByTestId('ticket-call')).toBeDisabled();
    await user.keyboard('{Control>}p{/Control}');
    await waitFor(() => expect(screen.queryByTestId('ticket-paused')).toBeNull());
  });

  it('Alt+N opens another item for the same visit: the ticket, the applicant and the green channel kept', async () => {
    const user = userEvent.setup();
    const backend = start();
    backend.issueTicket('huzheng', 'minor');
    await screen.findByTestId('ticket-waiting');
    await user.keyboard('{F12}');
    await waitFor(() => expect(screen.getByTestId('ticket-display')).toHaveTextContent('A001'));
    const [first] = [...backend.cases.values()];
    await backend.updateCase(first!.id, { applicant_name: '陈小明' } as never);
    await user.keyboard('{Alt>}n{/Alt}');
    await waitFor(() => expect(backend.cases.size).toBe(2));
    const second = [...backend.cases.values()][1]!;
    expect([second.ticket, second.ticket_called, second.green, second.applicant.name, second.step]).toEqual([
      'A001',
      true,
      'minor',
      '陈小明',
      'item',
    ]);
    await waitFor(() => expect(screen.getByTestId('ticket-display')).toHaveTextContent('A001'));
  });

  it('the clerk gives the green channel for a reason the citizen shows, and takes it back', async () => {
    const user = userEvent.setup();
    const backend = start();
    await user.click(await screen.findByTestId('new-case'));
    await user.selectOptions(await screen.findByTestId('green-reason'), 'military');
    await waitFor(() => expect(screen.getByTestId('case-green')).toHaveAttribute('data-reason', 'military'));
    await waitFor(() => expect([...backend.cases.values()][0]?.green).toBe('military'));
    await user.click(screen.getByText('取消绿色通道'));
    await waitFor(() => expect([...backend.cases.values()][0]?.green).toBeNull());
  });

  it('Alt+Y checks in the appointment of the citizen whose ID card was read, and the case takes its ticket and item', async () => {
    const user = userEvent.setup();
    const backend = start();
    await user.click(await screen.findByTestId('new-case'));
    await screen.findByTestId('applicant-name');
    expect(screen.queryByTestId('ticket-check-in')).toBeNull();
    await backend.simPresent('valid_adult');
    await screen.findByTestId('applicant-name-display');
    const [c] = [...backend.cases.values()];
    const idNumber = c!.applicant.id_number!;
    // Nothing booked: the back office's refusal, in Chinese.
    await user.keyboard('{Alt>}y{/Alt}');
    await waitFor(() => expect(document.querySelector('.ant-message-error')).toHaveTextContent('未找到今日的预约'));

    backend.bookAppointment(idNumber, ['none-such-item']);
    await user.click(await screen.findByTestId('ticket-check-in'));
    await waitFor(() => expect(screen.getByTestId('ticket-current')).toHaveTextContent('A001'));
    const after = backend.cases.get(c!.id)!;
    expect([after.ticket, after.ticket_called, backend.cases.size]).toEqual(['A001', true, 1]);
    // The citizen's ID is already on the case: service time starts at once.
    await waitFor(() => expect(backend.tickets().map((t) => [t.number, t.kind, t.state])).toEqual([['A001', 'appointment', 'serving']]));
    // The case has its ticket now: no second check-in.
    await waitFor(() => expect(screen.queryByTestId('ticket-check-in')).toBeNull());
  });
});
