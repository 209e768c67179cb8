import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendError, BackendProvider, createMemoryBackend, type MemoryBackend } from '../backend';

async function leadAtConsole(backend: MemoryBackend) {
  const user = userEvent.setup();
  render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
  await screen.findByTestId('signin');
  await user.keyboard('2001{Enter}0000{Enter}');
  await waitFor(() => expect(screen.getByTestId('clerk')).toHaveAttribute('data-id', '2001'));
  await user.keyboard('{Control>}2{/Control}');
  await screen.findByTestId('hall-console');
  return user;
}

describe('the lead’s floor', () => {
  it('shows the window, the lines and the waiting tickets; Alt+M moves the oldest with a reason', async () => {
    const backend = createMemoryBackend({ signedOut: true });
    backend.issueTicket('huzheng');
    backend.issueTicket('huzheng', 'senior');
    const user = await leadAtConsole(backend);

    const window = await screen.findByTestId('floor-window');
    expect(window).toHaveAttribute('data-status', 'open');
    expect(window).toHaveTextContent('培训值班长');
    const huzheng = screen.getAllByTestId('floor-group').find((g) => g.dataset.group === 'huzheng');
    expect(huzheng).toHaveAttribute('data-waiting', '2');
    const tickets = screen.getAllByTestId('floor-ticket');
    expect(tickets.map((t) => t.dataset.number)).toEqual(['A001', 'A002']);
    expect(tickets[1]).toHaveTextContent('★');

    await user.keyboard('{Alt>}m{/Alt}');
    const form = await screen.findByTestId('transfer-form');
    expect(form).toHaveAttribute('data-loaded', 'true');
    // (The keys on the list are the real window's: tests/e2e/tests/hall_floor.rs.)
    await user.click(within(form).getAllByRole('combobox')[0]!);
    await user.click(await screen.findByTitle('社保'));
    await user.type(screen.getByTestId('transfer-reason'), '户政窗口排长队');
    await user.click(screen.getByTestId('transfer-ok'));
    await waitFor(() =>
      expect(screen.getAllByTestId('floor-ticket').find((t) => t.dataset.number === 'A001')).toHaveAttribute('data-group', 'shebao'),
    );
    expect(backend.tickets().find((t) => t.number === 'A001')?.group).toBe('shebao');
  });

  it('refuses the floor and the moves to a clerk, called directly', async () => {
    const backend = createMemoryBackend();
    const t = backend.issueTicket('huzheng');
    for (const call of [() => backend.hallNow(), () => backend.hallMoveTicket(t.id, { group: 'shebao', workstation_id: null, reason: 'x' })]) {
      const e = await call().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BackendError);
      expect((e as BackendError).code).toBe('auth.forbidden');
    }
    expect(backend.tickets()[0]?.group).toBe('huzheng');
    expect(within(document.body).queryByTestId('floor-now')).toBeNull();
  });

  it('Alt+F shows the figures with a chart; Alt+E saves the workbook and says where', async () => {
    const backend = createMemoryBackend({ signedOut: true });
    backend.issueTicket('huzheng');
    backend.issueTicket('shebao');
    const user = await leadAtConsole(backend);
    await user.keyboard('{Alt>}f{/Alt}');
    const total = await screen.findByTestId('figures-total');
    expect(total).toHaveAttribute('data-issued', '2');
    // jsdom draws nothing (its canvas is a mock): the chart's canvas and its bars' count here,
    // the pixels in the real window (tests/e2e/tests/hall_floor.rs).
    expect(screen.getByTestId('chart-hour').querySelector('canvas')).not.toBeNull();
    expect(screen.getByTestId('chart-hour')).toHaveAttribute('data-bars', '2');
    expect(screen.getByTestId('figures-groups').querySelectorAll('tbody tr')).toHaveLength(2);
    await user.keyboard('{Alt>}e{/Alt}');
    expect(await screen.findByTestId('figures-saved')).toHaveAttribute('data-path', expect.stringMatching(/\.xlsx$/));
    await user.keyboard('{Alt>}l{/Alt}');
    expect(await screen.findByTestId('floor-now')).toBeInTheDocument();
  });
});
