import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend, type MemoryBackend } from '../backend';
import { TKPO } from '../backend/memoryCatalog';

const NUMBER = '11010519491231002X';

function renderWith(backend: MemoryBackend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

/** The spouse case, answered, with the applicant's ID card line received. */
async function answeredCase(backend: MemoryBackend) {
  const c = await backend.createCase(null);
  await backend.updateCase(c.id, { applicant_name: '陈思远', applicant_id_number: NUMBER });
  await backend.chooseItem(c.id, TKPO);
  await backend.answer(c.id, 'origin', { choice: 'other_province' });
  await backend.answer(c.id, 'married_years', { number: 5 });
  await backend.answer(c.id, 'by_agent', { yes_no: false });
  await backend.markLine(c.id, 'applicant_id', { mark: 'received' });
  return c.id;
}

describe('the second visit', () => {
  it('offers the notice when the citizen is back, and Alt+C continues it with only the missing lines', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const first = await answeredCase(backend);
    await backend.decide(first, { kind: 'notice' });
    // Back another day: the card (here typed) is on a new case.
    const again = await backend.createCase(null);
    await backend.updateCase(again.id, { applicant_name: '陈思远', applicant_id_number: NUMBER });
    renderWith(backend);

    const offer = await screen.findByTestId('notice-offer');
    expect(within(offer).getAllByTestId('notice-offer-item')).toHaveLength(1);
    expect(offer).toHaveTextContent('marriage_cert');
    await user.keyboard('{Alt>}c{/Alt}');

    const banner = await screen.findByTestId('follow-banner');
    expect(banner).toHaveAttribute('data-kind', 'notice');
    await waitFor(() => expect(screen.getByTestId('step-area')).toHaveAttribute('data-step', 'materials'));
    expect(screen.queryByTestId('notice-offer')).toBeNull();
    const continued = backend.cases.get(again.id);
    expect(continued?.item?.code).toBe(TKPO);
    expect(continued?.materials).toEqual({ applicant_id: { mark: 'received' } });
    expect(continued?.follows?.case_id).toBe(first);
  });

  it('offers the notice for a number typed key by key, looked up once it is saved', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const first = await answeredCase(backend);
    await backend.decide(first, { kind: 'notice' });
    const again = await backend.createCase(null);
    await backend.updateCase(again.id, { applicant_name: '陈思远' });
    renderWith(backend);
    await user.click(await screen.findByTestId('applicant-id-number'));
    await user.keyboard(NUMBER);
    const offer = await screen.findByTestId('notice-offer');
    expect(within(offer).getAllByTestId('notice-offer-item')).toHaveLength(1);
  });

  it('continues a notice by the number scanned from its QR code: Alt+B, the scanner types, Enter', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const first = await answeredCase(backend);
    const notice = await backend.decide(first, { kind: 'notice' });
    const number = notice.draft.decision!.document_number;
    const again = await backend.createCase(null);
    await backend.updateCase(again.id, { applicant_name: '陈思远', applicant_id_number: NUMBER });
    renderWith(backend);
    await screen.findByTestId('notice-offer');

    await user.keyboard('{Alt>}b{/Alt}');
    const field = screen.getByTestId('notice-number');
    await waitFor(() => expect(field).toHaveFocus());
    // A number that is no notice: said, and the case stays as it is.
    await user.keyboard('GZ-NOPE-1{Enter}');
    await screen.findByText('后台找不到该告知书，请核对告知书编号');
    expect(backend.cases.get(again.id)?.follows).toBeFalsy();
    // What a QR scanner types: the query page's address with the notice's number.
    await user.click(field);
    await user.keyboard(`https://zwfw.example/q?notice=${number}{Enter}`);
    const banner = await screen.findByTestId('follow-banner');
    expect(banner).toHaveTextContent(number);
    expect(backend.cases.get(again.id)?.follows?.case_id).toBe(first);
    // With a notice carried on, the field is gone.
    expect(screen.queryByTestId('notice-number')).toBeNull();
  });

  it('opens a returned case’s supplement from the pickup list and sends it with F6', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const first = await answeredCase(backend);
    for (const line of ['marriage_cert', 'spouse_hukoubu']) await backend.markLine(first, line, { mark: 'received' });
    const accepted = await backend.decide(first, { kind: 'accept' });
    backend.setPickup([
      {
        case_number: 'BO-7',
        window_case_no: accepted.draft.decision!.case_number,
        state: 'returned',
        changed_at: '2026-11-20T09:00:00+00:00',
        queue: 'huzheng',
        item_name: '市外迁入—投靠配偶',
        applicant_name: '陈思远',
        reasons: ['结婚证复印件不清晰'],
        ours: true,
        supplement_sent: false,
      },
    ]);
    renderWith(backend);
    await screen.findByTestId('home');
    await user.keyboard('{F11}');
    const panel = await screen.findByTestId('pickup-panel');
    const take = await within(panel).findByTestId('pickup-supplement');
    await waitFor(() => expect(take).toHaveFocus());
    await user.keyboard('{Enter}');

    const banner = await screen.findByTestId('follow-banner');
    expect(banner).toHaveAttribute('data-kind', 'supplement');
    expect(banner).toHaveTextContent('结婚证复印件不清晰');
    await waitFor(() => expect(screen.getByTestId('step-area')).toHaveAttribute('data-step', 'materials'));
    const sup = [...backend.cases.values()].find((c) => c.follows?.kind === 'supplement')!;

    // F6 goes to the supplement step; with no page it cannot be sent. F7 and F8 do nothing.
    expect(screen.getByTestId('key-F6')).toHaveTextContent('发送补正');
    // The checklist shows no acceptance verdict or promised date for a supplement.
    expect(screen.getByTestId('checklist-supplement')).toBeInTheDocument();
    expect(screen.queryByTestId('decision')).toBeNull();
    expect(screen.getByTestId('key-F7')).toBeDisabled();
    await user.keyboard('{F6}');
    await screen.findByTestId('supplement-empty');
    expect(screen.getByTestId('supplement-send')).toBeDisabled();
    await user.keyboard('{F6}');
    expect(backend.cases.get(sup.id)?.status).toBe('draft');

    // F4 scans a page (into the selected line, from any step), then F6 sends it.
    await user.keyboard('{F4}');
    await screen.findByTestId('materials-step');
    await screen.findByTestId('page-detail');
    await user.keyboard('{Alt>}4{/Alt}');
    await screen.findByTestId('supplement-step');
    await user.keyboard('{F6}');
    await screen.findByTestId('supplement-sent');
    expect(backend.cases.get(sup.id)?.status).toBe('supplemented');
    await waitFor(() => expect(screen.getByTestId('supplement-next')).toHaveFocus());
    // The pickup list says it is on its way; no second supplement is offered.
    await user.keyboard('{F11}');
    const again = await screen.findByTestId('pickup-panel');
    await within(again).findByTestId('pickup-supplement-sent');
    expect(within(again).queryByTestId('pickup-supplement')).toBeNull();
  });

  it('offers a material owed since the acceptance, and Alt+O takes it in as a supplement sent with F6', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const first = await answeredCase(backend);
    for (const line of ['marriage_cert', 'spouse_hukoubu']) await backend.markLine(first, line, { mark: 'received' });
    await backend.decide(first, { kind: 'accept' });
    // Accepted with the spouse's 户口簿 owed (the memory catalog has no 容缺 line to mark).
    backend.cases.get(first)!.materials = { ...backend.cases.get(first)!.materials, spouse_hukoubu: { mark: 'deferred' } };
    const back = await backend.createCase(null);
    await backend.updateCase(back.id, { applicant_name: '陈思远', applicant_id_number: NUMBER });
    renderWith(backend);

    const offer = await screen.findByTestId('owed-offer');
    expect(offer).toHaveTextContent('spouse_hukoubu');
    expect(screen.queryByTestId('notice-offer')).toBeNull();
    await user.keyboard('{Alt>}o{/Alt}');
    const banner = await screen.findByTestId('follow-banner');
    expect(banner).toHaveAttribute('data-kind', 'owed');
    await waitFor(() => expect(screen.getByTestId('step-area')).toHaveAttribute('data-step', 'materials'));
    await user.keyboard('{F4}');
    await screen.findByTestId('page-detail');
    await user.keyboard('{F6}');
    await screen.findByTestId('supplement-ready');
    await user.keyboard('{F6}');
    await screen.findByTestId('supplement-sent');
    expect(backend.cases.get(back.id)?.status).toBe('supplemented');
    expect(backend.cases.get(back.id)?.follows?.kind).toBe('owed');
  });

  it('takes an owed material in by the receipt’s QR code scanned into the Alt+B field', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const first = await answeredCase(backend);
    for (const line of ['marriage_cert', 'spouse_hukoubu']) await backend.markLine(first, line, { mark: 'received' });
    const accepted = await backend.decide(first, { kind: 'accept' });
    backend.cases.get(first)!.materials = { ...backend.cases.get(first)!.materials, spouse_hukoubu: { mark: 'deferred' } };
    const back = await backend.createCase(null);
    await backend.updateCase(back.id, { applicant_name: '陈思远', applicant_id_number: NUMBER });
    renderWith(backend);
    await screen.findByTestId('owed-offer');
    await user.keyboard('{Alt>}b{/Alt}');
    await waitFor(() => expect(screen.getByTestId('notice-number')).toHaveFocus());
    await user.keyboard(`https://zwfw.example/q?case=${accepted.draft.decision!.case_number}{Enter}`);
    const banner = await screen.findByTestId('follow-banner');
    expect(banner).toHaveAttribute('data-kind', 'owed');
    expect(backend.cases.get(back.id)?.follows?.case_id).toBe(first);
  });
});
