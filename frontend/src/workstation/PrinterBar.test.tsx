import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { BackendProvider, createMemoryBackend, type DeviceState, type MemoryBackend } from '../backend';

function renderWith(backend: MemoryBackend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

async function pushPrinter(backend: MemoryBackend, state: DeviceState) {
  const s = await backend.status();
  backend.pushStatus({
    ...s,
    devices: s.devices.map((d) => (d.kind === 'printer' ? { ...d, configured: 'ipp://10.0.0.9/ipp/print', simulated: false, state } : d)),
  });
}

describe('the printer in the device bar', () => {
  it('in sandbox says the preview is the print, never 未接入', async () => {
    const user = userEvent.setup();
    renderWith(createMemoryBackend());
    const printer = await screen.findByTestId('device-printer');
    expect(printer).toHaveAttribute('data-state', 'preview');
    expect(printer).toHaveTextContent('打印机 · 预览');
    expect(printer).not.toHaveTextContent('未接入');
    await user.click(printer);
    expect(await screen.findByText(/屏幕上的预览即打印结果/)).toBeInTheDocument();
  });

  it('follows a network printer: checking, unreachable with the reason, then ready', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('home');
    const printer = () => screen.getByTestId('device-printer');

    await pushPrinter(backend, { state: 'checking' });
    await waitFor(() => expect(printer()).toHaveAttribute('data-state', 'checking'));
    expect(printer()).toHaveTextContent('检查中');

    await pushPrinter(backend, { state: 'offline', code: 'printer.unreachable' });
    await waitFor(() => expect(printer()).toHaveAttribute('data-state', 'offline'));
    expect(printer()).toHaveAttribute('data-code', 'printer.unreachable');
    expect(printer()).toHaveTextContent('打印机 · 无法连接');
    await user.click(printer());
    expect(await screen.findByText('打印机无法连接，请检查电源与网线后重新打印')).toBeInTheDocument();

    await pushPrinter(backend, { state: 'error', code: 'printer.paper_out' });
    await waitFor(() => expect(printer()).toHaveAttribute('data-state', 'error'));
    expect(printer()).toHaveAttribute('data-code', 'printer.paper_out');

    await pushPrinter(backend, { state: 'ready' });
    await waitFor(() => expect(printer()).toHaveAttribute('data-state', 'ready'));
    expect(printer()).toHaveTextContent('打印机 · 就绪');
  });
});
