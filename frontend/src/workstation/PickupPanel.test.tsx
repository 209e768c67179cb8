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
  supplement_sent: false,
};

const entries: PickupEntry[] = [
  { ...base, case_number: 'BO-1', window_case_no: 'PX-W08-0001', state: 'ready_for_pickup' },
  { ...base, case_number: 'BO-2', window_case_no: 'PX-W08-0002', state: 'returned', reasons: ['结婚证复印件不清晰'] },
];

describe('pickup (统一出件)', () => {
  it('counts results in the top bar, opens with F11 on the first hand-over, and hands it out to the applicant by ID', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    render(
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>,
    );
    const count = await screen.findByTestId('pickup-count');
    expect(count).toHaveAttribute('data-count', '0');
    backend.setPickup(entries, { 'BO-1': { applicant: '11010519491231002X' } });
    await waitFor(() => expect(count).toHaveAttribute('data-count', '1'));
    expect(count).toHaveAttribute('data-returned', '1');
    expect(count).toHaveTextContent('待取件 1');

    await user.keyboard('{F11}');
    const panel = await screen.findByTestId('pickup-panel');
    const rows = await within(panel).findAllByTestId('pickup-row');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['ready_for_pickup', 'returned']);
    expect(rows[1]).toHaveTextContent('结婚证复印件不清晰');
    expect(within(rows[1]!).getByTestId('pickup-supplement')).toHaveTextContent('收补正材料');
    const handOut = within(panel).getByTestId('pickup-hand-out');
    await waitFor(() => expect(document.activeElement).toBe(handOut));

    // Enter opens the hand-over with focus on the collector's number.
    await user.keyboard('{Enter}');
    expect(await screen.findByText(/请先核对申请人 陈思远/)).toBeInTheDocument();
    const number = await screen.findByTestId('pickup-collector-number');
    await waitFor(() => expect(number).toHaveFocus());
    // Nothing shown: refused, and a reason is asked for.
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('pickup-error')).toHaveAttribute('data-code', 'results.no_collector_id');
    expect(screen.getByTestId('pickup-override-reason')).toHaveFocus();
    expect(backend.handedOut).toEqual([]);
    // The applicant's number: handed out.
    await user.click(number);
    await user.keyboard('11010519491231002x{Enter}');
    await waitFor(() => expect(backend.handedOut).toEqual(['BO-1']));
    await waitFor(() => expect(count).toHaveAttribute('data-count', '0'));
    await waitFor(() => expect(within(panel).getAllByTestId('pickup-row')).toHaveLength(1));
  });

  it('hands a result to someone else only with a reason', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    render(
      <BackendProvider backend={backend}>
        <App />
      </BackendProvider>,
    );
    await screen.findByTestId('pickup-count');
    backend.setPickup(entries, { 'BO-1': { applicant: '11010519491231002X' } });
    await user.keyboard('{F11}');
    const panel = await screen.findByTestId('pickup-panel');
    await user.click(await within(panel).findByTestId('pickup-hand-out'));
    await user.type(await screen.findByTestId('pickup-collector-number'), '110105194912310021{Enter}');
    expect(await screen.findByTestId('pickup-error')).toHaveAttribute('data-code', 'results.collector_mismatch');
    expect(screen.getByTestId('pickup-confirm')).toBeDisabled();
    await user.keyboard('申请人住院，家属凭委托书领取{Enter}');
    await waitFor(() => expect(backend.handedOut).toEqual(['BO-1']));
  });
});
