import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend, type PickupEntry } from '../backend';

const base: Omit<PickupEntry, 'case_number' | 'window_case_no' | 'state'> = {
  changed_at: '2026-11-20T09:00:00+00:00',
  queue: 'huzheng',
  item_name: '市外迁入—投靠配偶',
  applicant_name: '陈思远',
  reasons: [],
  ours: true,
};

const entries: PickupEntry[] = [
  { ...base, case_number: 'BO-1', window_case_no: 'PX-W08-0001', state: 'ready_for_pickup' },
  { ...base, case_number: 'BO-2', window_case_no: 'PX-W08-0002', state: 'returned', reasons: ['结婚证复印件不清晰'] },
];

describe('pickup (统一出件)', () => {
  it('counts results in the top bar, opens with F11 on the first hand-over, and Enter twice hands it out', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    render(
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>,
    );
    const count = await screen.findByTestId('pickup-count');
    expect(count).toHaveAttribute('data-count', '0');
    backend.setPickup(entries);
    await waitFor(() => expect(count).toHaveAttribute('data-count', '1'));
    expect(count).toHaveAttribute('data-returned', '1');
    expect(count).toHaveTextContent('待取件 1');

    await user.keyboard('{F11}');
    const panel = await screen.findByTestId('pickup-panel');
    const rows = await within(panel).findAllByTestId('pickup-row');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['ready_for_pickup', 'returned']);
    expect(rows[1]).toHaveTextContent('结婚证复印件不清晰');
    expect(rows[1]).toHaveTextContent('请通知申请人补正');
    const handOut = within(panel).getByTestId('pickup-hand-out');
    await waitFor(() => expect(document.activeElement).toBe(handOut));

    await user.keyboard('{Enter}');
    const confirm = await screen.findByTestId('pickup-confirm');
    expect(await screen.findByText(/请先核对申请人 陈思远/)).toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(backend.handedOut).toEqual(['BO-1']));
    await waitFor(() => expect(count).toHaveAttribute('data-count', '0'));
    await waitFor(() => expect(within(panel).getAllByTestId('pickup-row')).toHaveLength(1));
  });
});
