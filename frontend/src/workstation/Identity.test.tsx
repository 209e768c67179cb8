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

describe('identity documents', () => {
  it('a card presented from the trainer menu fills the applicant panel with its verdict, on a new case', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('home');
    await user.keyboard('{F2}');
    const first = await screen.findByTestId('sim-card-valid_adult');
    await waitFor(() => expect(first).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('applicant-name-display')).toHaveTextContent('林晓梅');
    expect(screen.getByTestId('applicant-id-display')).toHaveTextContent('441900198805170024');
    expect(screen.getByTestId('applicant-nation')).toHaveTextContent('汉');
    expect(screen.getByTestId('applicant-doc-type')).toHaveTextContent('居民身份证');
    expect(screen.getByTestId('applicant-verdict')).toHaveAttribute('data-status', 'valid');
    expect(screen.getByTestId('applicant-source')).toHaveAttribute('data-source', 'sam_reader');
    expect(screen.getByTestId('applicant-photo-note')).toBeInTheDocument();
    const saved = [...backend.cases.values()][0];
    expect(saved?.applicant.source).toBe('sam_reader');
  });

  it('an expired card shows the expired verdict and what to do next; Alt+A reads the agent', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await user.click(await screen.findByTestId('new-case'));
    await screen.findByTestId('applicant-name');
    await backend.simPresent('expired');
    const verdict = await screen.findByTestId('applicant-verdict');
    expect(verdict).toHaveAttribute('data-status', 'expired');
    expect(verdict).toHaveTextContent('临时身份证明');

    await user.keyboard('{Alt>}a{/Alt}');
    await waitFor(() => expect(screen.getByTestId('read-as-agent')).toHaveAttribute('data-checked', 'true'));
    await backend.simPresent('valid_adult');
    const agent = await screen.findByTestId('agent-block');
    expect(within(agent).getByTestId('agent-name-display')).toHaveTextContent('林晓梅');
    expect(screen.getByTestId('applicant-name-display')).toHaveTextContent('周建国');
    expect(screen.getByTestId('read-as-agent')).toHaveAttribute('data-checked', 'false');
  });

  it('a failed read says the card is unreadable, why, and what to do', async () => {
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('home');
    backend.pushCardRead({
      read_id: 7,
      source: 'sam_reader',
      document: null,
      verdict: { status: 'unreadable', code: 'idcard.verdict.unreadable', cause: 'idcard.timeout', findings: [], green_channel: false },
      face: null,
      face_not_shown: null,
      photo_needs_decoder: false,
    });
    const failed = await screen.findByTestId('read-failed');
    expect(failed).toHaveAttribute('data-status', 'unreadable');
    expect(failed).toHaveTextContent('超时');
    expect(failed).toHaveTextContent('重新读卡');
  });

  it('the device bar shows the reader unplugged with its reason', async () => {
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('home');
    const s = await backend.status();
    backend.pushStatus({
      ...s,
      devices: s.devices.map((d) => (d.kind === 'card_reader' ? { ...d, state: { state: 'unplugged', code: 'idcard.port.open' } } : d)),
    });
    await waitFor(() => expect(screen.getByTestId('device-card_reader')).toHaveAttribute('data-state', 'unplugged'));
    expect(screen.getByTestId('device-card_reader')).toHaveAttribute('data-code', 'idcard.port.open');
    expect(screen.getByTestId('device-card_reader')).toHaveTextContent('未连接');
  });
});
