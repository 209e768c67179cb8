import { createEvent, fireEvent, render, screen, waitFor } from '@testing-library/react';
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

/** A resumed case on the materials step, with its checklist. */
async function atMaterials(backend: MemoryBackend) {
  const c = await backend.createCase(null);
  await backend.updateCase(c.id, { applicant_name: '陈思远', step: 'materials' });
  await backend.chooseItem(c.id, TKPO);
  return c.id;
}

describe('capturing materials', () => {
  it('Esc while scanning stops the scan, keeps the case open and stores nothing', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const id = await atMaterials(backend);
    backend.holdScans();
    renderWith(backend);
    await screen.findByTestId('materials-step');
    await user.keyboard('{F4}');
    const stop = await screen.findByTestId('scan-cancel');
    expect(stop).toHaveTextContent('停止扫描');
    await user.keyboard('{Escape}');
    const error = await screen.findByTestId('materials-error');
    expect(error).toHaveAttribute('data-code', 'scanner.cancelled');
    expect(screen.queryByTestId('scan-cancel')).toBeNull();
    expect(screen.getByTestId('materials-step')).toBeInTheDocument();
    expect((await backend.materials(id)).pages).toHaveLength(0);
  });

  it('a file dropped on the step is imported into the selected line', async () => {
    const backend = createMemoryBackend();
    const id = await atMaterials(backend);
    renderWith(backend);
    const step = await screen.findByTestId('materials-step');
    const line = step.getAttribute('data-line');
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const file = new File([bytes], '户口簿.png', { type: 'image/png' });
    // jsdom's File has no arrayBuffer(); the webview's has.
    Object.defineProperty(file, 'arrayBuffer', { value: async () => bytes.buffer });
    const over = createEvent.dragOver(step, { dataTransfer: { types: ['Files'], files: [file] } });
    fireEvent(step, over);
    expect(over.defaultPrevented).toBe(true);
    await waitFor(() => expect(step).toHaveAttribute('data-dragging', 'true'));
    fireEvent.drop(step, { dataTransfer: { types: ['Files'], files: [file] } });
    await waitFor(async () => expect((await backend.materials(id)).pages).toHaveLength(1));
    const page = (await backend.materials(id)).pages[0];
    expect(page?.line_id).toBe(line);
    expect(page?.origin).toBe('imported_image');
    await waitFor(() => expect(step).toHaveAttribute('data-dragging', 'false'));
  });

  it('says on the line when a material has fewer pages than a complete scan', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    await atMaterials(backend);
    renderWith(backend);
    await screen.findByTestId('materials-step');
    await user.keyboard('{F4}');
    const short = await screen.findByTestId('materials-short');
    expect(short).toHaveTextContent('应有 2 页，现有 1 页');
    await user.keyboard('{F4}');
    await waitFor(() => expect(screen.queryByTestId('materials-short')).toBeNull());
  });

  it('a scan that completes its line selects the next line still without pages', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    const id = await atMaterials(backend);
    renderWith(backend);
    const step = await screen.findByTestId('materials-step');
    const lines = ((await backend.materials(id)).case.evaluation?.checklist ?? []).map((l) => l.id);
    expect(step).toHaveAttribute('data-line', lines[0]);
    // The ID card has two sides: the first scan keeps the line.
    await user.keyboard('{F4}');
    await screen.findByTestId('materials-short');
    expect(step).toHaveAttribute('data-line', lines[0]);
    await user.keyboard('{F4}');
    await waitFor(() => expect(step).toHaveAttribute('data-line', lines[1]));
    // Back on a finished line, another scan moves on past the lines that have pages.
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(step).toHaveAttribute('data-line', lines[0]));
    await user.keyboard('{F4}');
    await waitFor(() => expect(step).toHaveAttribute('data-line', lines[1]));
  });
});
