import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { BackendProvider, createMemoryBackend, type MemoryBackend } from './backend';
import { initialStatus } from './backend/memory';

function renderWith(backend: MemoryBackend) {
  return render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
}

describe('the clerk screen', () => {
  it('shows the training banner, the window and every device in Chinese, and reports first paint', async () => {
    const backend = createMemoryBackend();
    renderWith(backend);
    expect(await screen.findByTestId('training-banner')).toHaveTextContent('培训');
    expect(screen.getByTestId('top-bar')).toHaveTextContent('综合窗口 08 号');
    expect(screen.getByTestId('device-card_reader')).toHaveTextContent('读卡器');
    expect(screen.getByTestId('device-scanner')).toHaveAttribute('data-state', 'checking');
    expect(screen.getByTestId('link-state')).toHaveTextContent('检测中');
    await waitFor(() => expect(backend.readyCalls).toBe(1));
    // The start-up benchmark prints these: in the order they happen.
    const page = backend.lastTimeline;
    expect(page).not.toBeNull();
    expect(page!.data).toBeLessThanOrEqual(page!.rendered);
    expect(page!.rendered).toBeLessThanOrEqual(page!.painted);
  });

  it('warns on the top bar when the store key is not in the OS keyring', async () => {
    const { unmount } = renderWith(createMemoryBackend());
    await screen.findByTestId('workstation');
    expect(screen.getByTestId('top-bar')).toHaveAttribute('data-store-key', 'keyring');
    expect(screen.queryByTestId('store-key-warning')).toBeNull();
    unmount();
    renderWith(createMemoryBackend({ info: { store_key: 'key_file' } }));
    expect(await screen.findByTestId('store-key-warning')).toHaveTextContent('数据未入密钥环');
  });

  it('follows the back-office link as status events arrive', async () => {
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('workstation');
    backend.pushStatus({ ...initialStatus, backoffice: 'online' });
    await waitFor(() => expect(screen.getByTestId('link-state')).toHaveTextContent('在线'));
    backend.pushStatus({ ...initialStatus, backoffice: { offline: { code: 'sync.unreachable' } } });
    await waitFor(() => expect(screen.getByTestId('link-state')).toHaveAttribute('data-state', 'link.offline'));
  });

  it('Ctrl+N opens a case with focus on the name, and typing is saved without a save button', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await screen.findByTestId('home');
    await user.keyboard('{Control>}n{/Control}');
    const name = await screen.findByTestId('applicant-name');
    await waitFor(() => expect(name).toHaveFocus());
    await user.keyboard('王小明');
    await user.type(screen.getByTestId('applicant-id-number'), '11010519491231002x');
    await waitFor(() => {
      const saved = [...backend.cases.values()][0];
      expect(saved?.applicant.name).toBe('王小明');
      expect(saved?.applicant.id_number).toBe('11010519491231002X');
    });
    expect(screen.getByTestId('applicant-name-display')).toHaveTextContent('王小明');
  });

  it('says beside the field what is wrong with a typed number, and records the reason to keep it', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await user.click(await screen.findByTestId('new-case'));
    await user.type(await screen.findByTestId('applicant-id-number'), '110105194912310021');
    const problem = await screen.findByTestId('id-number-problem');
    expect(problem).toHaveAttribute('data-problem', 'checksum_wrong');
    expect(problem).toHaveTextContent('应为 X');
    expect(screen.getByTestId('applicant-id-number')).toHaveAttribute('aria-invalid', 'true');
    await user.type(screen.getByTestId('applicant-number-reason'), '已核对原件');
    await waitFor(() => expect([...backend.cases.values()][0]?.applicant.number_reason).toBe('已核对原件'));
    expect(screen.getByTestId('applicant-id-number')).toHaveAttribute('aria-invalid', 'false');
    // A corrected number needs no reason: the field and the warning go, and so does the reason.
    await user.clear(screen.getByTestId('applicant-id-number'));
    await user.type(screen.getByTestId('applicant-id-number'), '11010519491231002X');
    await waitFor(() => expect(screen.queryByTestId('id-number-problem')).toBeNull());
    expect(screen.queryByTestId('applicant-number-reason')).toBeNull();
    await waitFor(() => expect([...backend.cases.values()][0]?.applicant.number_reason).toBeNull());
  });

  it('Enter on the last field moves on to the next step and saves the step', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await user.click(await screen.findByTestId('new-case'));
    await user.type(await screen.findByTestId('applicant-id-number'), '11010519491231002X{Enter}');
    await waitFor(() => expect(screen.getByTestId('step-area')).toHaveAttribute('data-step', 'item'));
    await waitFor(() => expect([...backend.cases.values()][0]?.step).toBe('item'));
  });

  it('Esc closes the case to the list without losing it, and it can be reopened', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await user.click(await screen.findByTestId('new-case'));
    await user.type(await screen.findByTestId('applicant-name'), '李四');
    await user.keyboard('{Escape}');
    const list = await screen.findByTestId('recent-cases');
    await waitFor(() => expect(within(list).getByTestId('recent-case-name')).toHaveTextContent('李四'));
    await user.click(within(list).getByTestId('recent-open-0'));
    expect(await screen.findByTestId('applicant-name')).toHaveValue('李四');
  });

  it('offers the unfinished case again after a restart', async () => {
    const backend = createMemoryBackend();
    const c = await backend.createCase('A023');
    await backend.updateCase(c.id, { applicant_name: '陈思远', step: 'materials', ticket: null, applicant_id_number: null, note: null });
    renderWith(backend);
    expect(await screen.findByTestId('resumed')).toBeInTheDocument();
    expect(screen.getByTestId('step-area')).toHaveAttribute('data-step', 'materials');
    expect(screen.getByTestId('ticket-display')).toHaveTextContent('A023');
  });

  it('switches to English and back', async () => {
    const user = userEvent.setup();
    renderWith(createMemoryBackend());
    await user.click(await screen.findByTestId('lang-switch'));
    expect(screen.getByTestId('top-bar')).toHaveTextContent('Window 08');
    expect(screen.getByTestId('device-printer')).toHaveTextContent('Printer');
    await user.click(screen.getByTestId('lang-switch'));
    expect(screen.getByTestId('top-bar')).toHaveTextContent('综合窗口 08 号');
  });

  it('shows why it refuses to serve, translated, with the code for support', async () => {
    renderWith(
      createMemoryBackend({
        startupError: { code: 'config.production_with_sandbox_settings', message: 'production mode refuses sandbox settings: devices.printer = "sim"' },
      }),
    );
    const err = await screen.findByTestId('startup-error');
    expect(err).toHaveTextContent('生产模式下仍含有培训设置');
    expect(err).toHaveTextContent('devices.printer');
    expect(screen.queryByTestId('workstation')).not.toBeInTheDocument();
  });

  it('keeps an edit that failed to save and says so on the case', async () => {
    const user = userEvent.setup();
    const backend = createMemoryBackend();
    renderWith(backend);
    await user.click(await screen.findByTestId('new-case'));
    const real = backend.updateCase;
    let fail = true;
    backend.updateCase = async (id, edit) => {
      if (fail) throw new (await import('./backend')).BackendError({ code: 'store.sqlite', message: 'disk I/O error', details: null });
      return real(id, edit);
    };
    await user.type(await screen.findByTestId('applicant-name'), '赵六');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveAttribute('data-state', 'failed'));
    expect(screen.getByTestId('save-state')).toHaveTextContent('本机数据库错误');
    fail = false;
    await waitFor(() => expect([...backend.cases.values()][0]?.applicant.name).toBe('赵六'), { timeout: 4000 });
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveAttribute('data-state', 'saved'));
  });
});

describe('the catalog in the top bar', () => {
  it('shows the version, and when a new catalog was refused, where the mistake is', async () => {
    const user = userEvent.setup();
    renderWith(
      createMemoryBackend({
        catalog: {
          refused: {
            code: 'catalog.unknown_material',
            message: 'unknown material no_such_material',
            details: { file: 'items/huzheng/tkpo.yaml', item: '000173001001', line: 126 },
          },
        },
      }),
    );
    const tag = await screen.findByTestId('catalog-version');
    expect(tag).toHaveTextContent('事项目录 2025.06.1');
    expect(tag).toHaveAttribute('data-refused', 'catalog.unknown_material');
    await user.click(tag);
    const detail = await screen.findByTestId('catalog-refused');
    expect(detail).toHaveTextContent('目录中引用了不存在的材料');
    expect(detail).toHaveTextContent('items/huzheng/tkpo.yaml · 000173001001 · 第 126 行');
  });

  it('shows a catalog installed from the back office while the clerk works', async () => {
    const backend = createMemoryBackend();
    renderWith(backend);
    const tag = await screen.findByTestId('catalog-version');
    expect(tag).toHaveTextContent('2025.06.1');
    backend.pushCatalog({ version: '2026.12', title: '新目录', items: 48, source: 'backoffice', refused: null });
    await waitFor(() => expect(screen.getByTestId('catalog-version')).toHaveTextContent('事项目录 2026.12'));
  });
});
