import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend, type OutboxItem } from '../backend';

const base: Omit<OutboxItem, 'case_id' | 'state'> = {
  window_case_no: null,
  item_name: '市外迁入—投靠配偶',
  attempts: 1,
  enqueued_at: '2026-03-02T09:00:00+00:00',
  next_attempt_at: '2026-03-02T09:00:00+00:00',
  confirmed_at: null,
  reason: null,
  backoffice_number: null,
  kind: 'case',
};

const items: OutboxItem[] = [
  { ...base, case_id: 'c1', window_case_no: 'W08-0001', state: 'confirmed', backoffice_number: 'BO-2026-000001' },
  {
    ...base,
    case_id: 'c2',
    window_case_no: 'W08-0002',
    state: 'failed',
    reason: { code: 'backoffice.unknown_queue', message: 'unknown queue xyz' },
  },
  {
    ...base,
    case_id: 'c3',
    window_case_no: 'W08-0003',
    state: 'waiting',
    reason: { code: 'sync.unreachable', message: 'connection refused' },
  },
];

describe('upload queue', () => {
  it('counts what is not confirmed in the top bar, lists failed cases first with the reason, and retries from the keyboard', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    render(
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>,
    );
    const count = await screen.findByTestId('outbox-count');
    expect(count).toHaveAttribute('data-pending', '0');
    backend.setOutbox(items);
    await waitFor(() => expect(count).toHaveAttribute('data-pending', '2'));
    expect(count).toHaveAttribute('data-failed', '1');
    expect(count).toHaveTextContent('待上传 2');

    await user.keyboard('{F10}');
    const panel = await screen.findByTestId('sync-panel');
    const rows = await within(panel).findAllByTestId('sync-row');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['failed', 'waiting', 'confirmed']);
    const reason = within(rows[0] as HTMLElement).getByTestId('sync-reason');
    expect(reason).toHaveAttribute('data-code', 'backoffice.unknown_queue');
    expect(reason).toHaveTextContent('后台没有该部门队列');
    expect(within(rows[2] as HTMLElement).getByTestId('sync-number')).toHaveTextContent('BO-2026-000001');

    // Focus lands on the failed case's retry; Enter sends it again.
    const retry = within(rows[0] as HTMLElement).getByTestId('sync-retry');
    await waitFor(() => expect(retry).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(count).toHaveAttribute('data-failed', '0'));
    await waitFor(() =>
      expect(within(panel).getAllByTestId('sync-row').map((r) => r.getAttribute('data-state'))).toEqual([
        'waiting',
        'waiting',
        'confirmed',
      ]),
    );

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('sync-panel')).not.toBeVisible());
  });

  it('says plainly when the back office refuses this workstation, and that nothing is lost', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    render(
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>,
    );
    const count = await screen.findByTestId('outbox-count');
    backend.setOutbox(items);
    backend.setOutboxBlocked({ code: 'sync.sign_in_refused', message: 'the back office answered 401' });
    await waitFor(() => expect(count).toHaveAttribute('data-blocked', 'sync.sign_in_refused'));
    expect(count).toHaveTextContent('上传暂停');
    await user.keyboard('{F10}');
    const alert = await screen.findByTestId('sync-blocked');
    expect(alert).toHaveTextContent('后台拒绝本机登录');
    expect(alert).toHaveTextContent('不会丢失');
    backend.setOutboxBlocked(null);
    await waitFor(() => expect(screen.queryByTestId('sync-blocked')).toBeNull());
  });
});
