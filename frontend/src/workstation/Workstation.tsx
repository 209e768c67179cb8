import { App as AntApp, Button, Modal } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  useBackend,
  type AppInfo,
  type CaseSummary,
  type CatalogInfo,
  type OutboxSummary,
  type StatusSnapshot,
} from '../backend';
import { useI18n } from '../i18n';
import { ApplicantPanel } from './ApplicantPanel';
import { ChecklistPanel } from './ChecklistPanel';
import { KeyBar, type KeyDef } from './KeyBar';
import { RecentCases } from './RecentCases';
import { StepArea } from './StepArea';
import { SyncPanel } from './SyncPanel';
import { STEPS } from './steps';
import { TopBar } from './TopBar';
import { useCaseDraft } from './useCaseDraft';
import { useShortcuts } from './useShortcuts';

const RECENT = 20;

export function Workstation({ info, initialStatus }: { info: AppInfo; initialStatus: StatusSnapshot }) {
  const backend = useBackend();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState(initialStatus);
  const [recent, setRecent] = useState<CaseSummary[]>([]);
  const [help, setHelp] = useState(false);
  const [searchNonce, setSearchNonce] = useState(0);
  const [catalog, setCatalog] = useState<CatalogInfo | null>(null);
  useEffect(() => {
    backend.catalogInfo().then(setCatalog, () => undefined);
  }, [backend]);
  const [outbox, setOutbox] = useState<OutboxSummary>({ waiting: 0, sending: 0, failed: 0, confirmed: 0 });
  const [syncOpen, setSyncOpen] = useState(false);
  useEffect(() => {
    let unsub: (() => void) | undefined;
    let live = true;
    backend.onOutbox(setOutbox).then((u) => (live ? (unsub = u) : u()));
    backend.outboxSummary().then((s) => live && setOutbox(s), () => undefined);
    return () => {
      live = false;
      unsub?.();
    };
  }, [backend]);
  const cases = useCaseDraft();
  const { draft } = cases;

  useEffect(() => {
    let unsub: (() => void) | undefined;
    let live = true;
    backend.onStatus(setStatus).then((u) => (live ? (unsub = u) : u()));
    backend.status().then((s) => live && setStatus(s));
    return () => {
      live = false;
      unsub?.();
    };
  }, [backend]);

  const refreshRecent = useCallback(() => {
    backend.recentCases(RECENT).then(setRecent, () => undefined);
  }, [backend]);
  useEffect(refreshRecent, [refreshRecent, draft?.id]);

  const newCase = useCallback(async () => {
    try {
      await cases.create();
    } catch (e) {
      message.error(String(e));
    }
  }, [cases, message]);

  const closeCase = useCallback(async () => {
    await cases.close();
    refreshRecent();
  }, [cases, refreshRecent]);

  const keys: KeyDef[] = [
    { key: 'F1', label: 'key.help', enabled: true },
    { key: 'F2', label: 'key.readCard', enabled: false },
    { key: 'F3', label: 'key.item', enabled: draft !== null },
    { key: 'F4', label: 'key.scan', enabled: false },
    { key: 'F6', label: 'key.accept', enabled: false },
    { key: 'F7', label: 'key.notice', enabled: false },
    { key: 'F8', label: 'key.reject', enabled: false },
    { key: 'F9', label: 'key.print', enabled: false },
    { key: 'F10', label: 'key.sync', enabled: true },
    { key: 'F12', label: 'key.call', enabled: false },
    { key: 'Ctrl+N', label: 'key.newCase', enabled: true },
  ];

  const press = (key: string) => {
    switch (key) {
      case 'F1':
        setHelp(true);
        break;
      case 'F3':
        if (draft) {
          cases.edit({ step: 'item' }, true);
          setSearchNonce((n) => n + 1);
        }
        break;
      case 'Ctrl+N':
        void newCase();
        break;
      case 'F10':
        setSyncOpen((o) => !o);
        break;
    }
  };

  const shortcuts: Record<string, () => void> = {
    Escape: () => (syncOpen ? setSyncOpen(false) : help ? setHelp(false) : draft ? void closeCase() : undefined),
  };
  for (const k of keys) if (k.enabled) shortcuts[k.key] = () => press(k.key);
  STEPS.forEach((s, i) => {
    shortcuts[`Alt+${i + 1}`] = () => draft && cases.edit({ step: s }, true);
  });
  useShortcuts(shortcuts);

  return (
    <div className={`ow-shell ow-mode-${info.mode}`} data-testid="workstation">
      {info.mode === 'sandbox' && (
        <div className="ow-training-banner" data-testid="training-banner">
          {t('banner.training')}
        </div>
      )}
      <TopBar info={info} status={status} catalog={catalog} outbox={outbox} onOpenSync={() => setSyncOpen(true)} />
      <div className="ow-main">
        <ApplicantPanel draft={draft} />
        <div className="ow-centre-wrap">
          {draft ? (
            <StepArea
              draft={draft}
              assessment={cases.assessment}
              save={cases.save}
              resumed={cases.resumed}
              searchNonce={searchNonce}
              onEdit={cases.edit}
              onChooseItem={cases.chooseItem}
              onAnswer={(q, v) => void cases.answer(q, v).catch((e) => message.error(String(e)))}
            />
          ) : (
            <div className="ow-home" data-testid="home">
              <p>{t('case.none')}</p>
              <Button type="primary" size="large" data-testid="new-case" onClick={() => void newCase()}>
                {t('case.new')} (Ctrl+N)
              </Button>
              <RecentCases cases={recent} onOpen={(id) => void cases.openById(id)} />
            </div>
          )}
        </div>
        <ChecklistPanel assessment={draft ? cases.assessment : null} />
      </div>
      <KeyBar keys={keys} onPress={press} />
      <SyncPanel open={syncOpen} summary={outbox} onClose={() => setSyncOpen(false)} />
      <Modal open={help} onCancel={() => setHelp(false)} footer={null} title={t('help.title')} data-testid="help">
        <ul>
          {keys.map((k) => (
            <li key={k.key}>
              <kbd>{k.key}</kbd> {t(k.label)}
              {k.enabled ? '' : t('key.notYet')}
            </li>
          ))}
        </ul>
        <p>{t('help.steps')}</p>
      </Modal>
    </div>
  );
}
