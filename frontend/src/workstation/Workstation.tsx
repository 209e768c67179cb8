import { App as AntApp, Button, Modal } from 'antd';
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import {
  BackendError,
  RECENT_CASES,
  useBackend,
  type CaseSummary,
  type CatalogInfo,
  type FirstScreen,
  type IdentityRead,
  type LineMark,
  type OutboxSummary,
  type ResultsSummary,
  type SignedPerson,
  type TrainingPlay,
  type VisitToRate,
} from '../backend';
import { useI18n } from '../i18n';
import { CSS_VAR_CLASS } from '../theme';
import { ApplicantPanel } from './ApplicantPanel';
import { ChecklistPanel } from './ChecklistPanel';
import { FollowBanner, FollowUpOffer } from './FollowUp';
import { KeyBar, type KeyDef } from './KeyBar';
import { RecentCases } from './RecentCases';
import type { DecisionCommand } from './DecisionStep';
import type { PrintCommand } from './PaperStep';
import { MrzEntry, PickupPanel, RatingScreen, ScenarioPicker, SimCardPicker, StepArea, SyncPanel, TrainingTray, useOpenedOnce } from './lazy';
import { STEPS } from './steps';
import { TopBar } from './TopBar';
import { useCaseDraft } from './useCaseDraft';
import { useMaterials } from './useMaterials';
import { useSame } from './useSame';
import { useShortcuts } from './useShortcuts';
import { TicketBar } from '../tickets/TicketBar';
import { focusTray } from '../training/focusTray';
import { ageGreenReason } from '../tickets/green';
import { useTicket } from '../tickets/useTicket';


/** `first`: what the desk said at start-up; the screen's first render shows it, and the
 *  subscriptions below keep it current (a fresh answer that says the same changes nothing). */
export function Workstation({
  first,
  person,
  active = true,
  onLock,
  onSignOut,
}: {
  first: FirstScreen;
  person: SignedPerson;
  /** False while the screen is locked or another place is shown: no shortcut acts. */
  active?: boolean;
  onLock: () => void;
  onSignOut: () => void;
}) {
  const { info } = first;
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  // Every error the clerk reads is the translated text of its stable code, never "BackendError: …".
  const errorText = useCallback(
    (e: unknown) => (e instanceof BackendError ? errorMessage(e.code, e.message) : String(e)),
    [errorMessage],
  );
  const { message } = AntApp.useApp();
  const [status, setStatus] = useSame(first.status);
  const [recent, setRecent] = useSame<CaseSummary[]>(first.recent);
  const [help, setHelp] = useState(false);
  const [searchNonce, setSearchNonce] = useState(0);
  const [catalog, setCatalog] = useSame<CatalogInfo | null>(first.catalog);
  useEffect(() => {
    let unsub: (() => void) | undefined;
    let live = true;
    backend.onCatalog(setCatalog).then((u) => (live ? (unsub = u) : u()));
    backend.catalogInfo().then((c) => live && setCatalog(c), () => undefined);
    return () => {
      live = false;
      unsub?.();
    };
  }, [backend, setCatalog]);
  const [outbox, setOutbox] = useSame<OutboxSummary>(first.outbox);
  const [syncOpen, setSyncOpen] = useState(false);
  const [pickupOpen, setPickupOpen] = useState(false);
  const [results, setResults] = useSame<ResultsSummary>(first.results);
  useEffect(() => {
    let unsub: (() => void) | undefined;
    let live = true;
    backend.onResults(setResults).then((u) => (live ? (unsub = u) : u()));
    backend.resultsSummary().then((s) => live && setResults(s), () => undefined);
    return () => {
      live = false;
      unsub?.();
    };
  }, [backend, setResults]);
  useEffect(() => {
    let unsub: (() => void) | undefined;
    let live = true;
    backend.onOutbox(setOutbox).then((u) => (live ? (unsub = u) : u()));
    backend.outboxSummary().then((s) => live && setOutbox(s), () => undefined);
    return () => {
      live = false;
      unsub?.();
    };
  }, [backend, setOutbox]);
  const cases = useCaseDraft();
  const { draft } = cases;
  const [decisionCommand, setDecisionCommand] = useState<DecisionCommand | null>(null);
  const [printCommand, setPrintCommand] = useState<PrintCommand | null>(null);
  const options = draft && draft.status === 'draft' ? cases.assessment?.options : null;
  const decided = draft !== null && draft.status !== 'draft';
  // Reload the pages when the checklist itself changes (another item, other answers).
  const checklistKey = (cases.assessment?.evaluation?.checklist ?? []).map((l) => l.id).join('|');
  const materials = useMaterials(draft?.id ?? null, checklistKey, cases.adopt);
  const hasChecklist = checklistKey !== '';

  useEffect(() => {
    let unsub: (() => void) | undefined;
    let live = true;
    backend.onStatus(setStatus).then((u) => (live ? (unsub = u) : u()));
    backend.status().then((s) => live && setStatus(s));
    return () => {
      live = false;
      unsub?.();
    };
  }, [backend, setStatus]);

  // Card reads: shown at once, put on the case as the applicant (or the agent, when toggled).
  const [lastRead, setLastRead] = useState<IdentityRead | null>(null);
  const [asAgent, setAsAgent] = useState(false);
  const [simOpen, setSimOpen] = useState(false);
  const [mrzOpen, setMrzOpen] = useState(false);
  const simMounted = useOpenedOnce(simOpen);
  const syncMounted = useOpenedOnce(syncOpen);
  const pickupMounted = useOpenedOnce(pickupOpen);
  const hasChipReader = status.devices.some((d) => d.kind === 'chip_reader');
  const asAgentRef = useRef(asAgent);
  useEffect(() => {
    asAgentRef.current = asAgent;
  }, [asAgent]);
  // While the pickup panel is open a card on the reader is a collector's (the hand-over reads
  // it), never the open case's applicant.
  const pickupOpenRef = useRef(pickupOpen);
  useEffect(() => {
    pickupOpenRef.current = pickupOpen;
  }, [pickupOpen]);
  // Held in a ref so the subscription lives as long as the backend: re-subscribing on every
  // keystroke would leave moments when a read event finds no listener.
  const applyIdentity = useRef(cases.applyIdentity);
  useEffect(() => {
    applyIdentity.current = cases.applyIdentity;
  }, [cases.applyIdentity]);
  const onBackendError = useCallback((e: unknown) => message.error(errorText(e)), [message, errorText]);
  const onError = useRef(onBackendError);
  useEffect(() => {
    onError.current = onBackendError;
  }, [onBackendError]);
  useEffect(() => {
    let unsub: (() => void) | undefined;
    let live = true;
    backend
      .onCardRead((r) => {
        if (pickupOpenRef.current) return;
        setLastRead(r);
        if (!r.document) return;
        const role = asAgentRef.current ? 'agent' : 'applicant';
        setAsAgent(false);
        applyIdentity.current(r.read_id, role).catch((e) => onError.current(e));
      })
      .then((u) => (live ? (unsub = u) : u()));
    return () => {
      live = false;
      unsub?.();
    };
  }, [backend]);
  const sandbox = info.mode === 'sandbox';
  // Training (sandbox): Alt+T picks a scenario; its case opens with the citizen's tray.
  const [pickerOpen, setPickerOpen] = useState(false);
  const pickerMounted = useOpenedOnce(pickerOpen);
  const [play, setPlay] = useState<TrainingPlay | null>(null);
  const trainingPlay = play && draft?.id === play.case_id ? play : null;
  const trayRef = useRef<HTMLElement>(null);
  const trainingKey = () => {
    if (!sandbox) return;
    if (trainingPlay && draft?.status === 'draft') focusTray(trayRef.current, materials.lineId);
    else setPickerOpen(true);
  };

  const refreshRecent = useCallback(() => {
    backend.recentCases(RECENT_CASES).then(setRecent, () => undefined);
  }, [backend, setRecent]);
  useEffect(refreshRecent, [refreshRecent, draft?.id]);

  const startTraining = (scenario: string) => {
    setPickerOpen(false);
    backend.trainingStart(scenario).then(
      (p) => {
        setPlay(p);
        void cases.openById(p.case_id).then(refreshRecent);
      },
      (e) => message.error(errorText(e)),
    );
  };

  const newCase = useCallback(async () => {
    try {
      await cases.create();
    } catch (e) {
      message.error(errorText(e));
    }
  }, [cases, message, errorText]);

  const ticket = useTicket({ draft, online: status.backoffice === 'online', onOpen: (id) => void cases.openById(id).then(refreshRecent) });
  const [transferOpen, setTransferOpen] = useState(false);
  // 好差评: a visit the citizen is rating covers the screen (one-screen windows).
  const [toRate, setToRate] = useState<VisitToRate | null>(null);
  // With a citizen's window the rating shows there, never on the clerk's screen.
  const checkRating = () => {
    if (info.citizen_screen) return;
    backend.ratingPending().then(setToRate, () => undefined);
  };
  const callNext = async () => {
    await ticket.callNext();
    checkRating();
  };
  // The citizen with an appointment came straight here: their ID card is on a case without
  // a ticket.
  const canCheckIn = !!draft && draft.status === 'draft' && !draft.ticket && !!draft.applicant.id_number;
  // The typed ID may still be on its way to the store: it goes first.
  const checkIn = () => canCheckIn && draft && void cases.flush().then(() => ticket.checkIn(draft.id));
  const addVisitItem = () => {
    if (!draft) return;
    backend.addVisitItem(draft.id).then(
      (c) => void cases.openById(c.id).then(refreshRecent),
      (e) => message.error(errorText(e)),
    );
  };
  // The second visit: a notice continued in the open case, a returned case's supplement.
  const continueNotice = (notice: { case_id?: string | null; document_number: string }) => {
    if (!draft) return;
    const here = notice.case_id;
    void cases
      .flush()
      .then(() =>
        here ? backend.continueNotice(draft.id, here) : backend.followPaper(draft.id, notice.document_number),
      )
      .then((c) => cases.openById(c.id))
      .catch((e) => message.error(errorText(e)));
  };
  const takeOwed = (owed: { case_id: string }) => {
    if (!draft) return;
    void cases
      .flush()
      .then(() => backend.takeOwed(draft.id, owed.case_id))
      .then((c) => cases.openById(c.id))
      .catch((e) => message.error(errorText(e)));
  };
  const startSupplement = (caseNumber: string) => {
    backend.startSupplement(caseNumber).then(
      (c) => {
        setPickupOpen(false);
        void cases.openById(c.id).then(refreshRecent);
      },
      (e) => message.error(errorText(e)),
    );
  };
  const sendSupplement = async () => {
    if (!draft) return;
    try {
      await cases.flush();
      cases.adopt(await backend.sendSupplement(draft.id));
      refreshRecent();
    } catch (e) {
      message.error(errorText(e));
      throw e;
    }
  };
  const askRating = () => {
    const number = draft?.decision?.case_number;
    if (!number) return;
    backend.ratingRequest(draft.ticket, [number]).then(
      (v) => !info.citizen_screen && setToRate(v),
      (e) => message.error(errorText(e)),
    );
  };
  const setGreen = (reason: string) => draft?.status === 'draft' && cases.edit({ green: reason }, true);

  const closeCase = useCallback(async () => {
    await cases.close();
    refreshRecent();
  }, [cases, refreshRecent]);

  const supplementing = draft?.follows?.kind === 'supplement' || draft?.follows?.kind === 'owed';
  const keys: KeyDef[] = [
    { key: 'F1', label: 'key.help', enabled: true },
    { key: 'F2', label: 'key.readCard', enabled: sandbox },
    { key: 'F3', label: 'key.item', enabled: draft !== null },
    { key: 'F4', label: 'key.scan', enabled: draft !== null && hasChecklist },
    { key: 'F5', label: 'key.mrz', enabled: hasChipReader },
    // Open whenever the case can be decided at all: a refused F6 lands on the decision step,
    // which says what is still missing.
    // A supplement is sent, not decided: F6 sends it, F7 and F8 have nothing to do.
    { key: 'F6', label: supplementing ? 'key.sendSupplement' : 'key.accept', enabled: options != null },
    { key: 'F7', label: 'key.notice', enabled: options != null && !supplementing },
    { key: 'F8', label: 'key.reject', enabled: options != null && !supplementing },
    { key: 'F9', label: 'key.print', enabled: decided },
    { key: 'Shift+F9', label: 'key.printVoucher', enabled: decided && !!draft?.decision?.voucher_number },
    { key: 'Ctrl+F9', label: 'key.reprint', enabled: decided },
    { key: 'F10', label: 'key.sync', enabled: true },
    { key: 'F11', label: 'key.pickup', enabled: true },
    { key: 'F12', label: 'key.call', enabled: !ticket.busy },
    { key: 'Ctrl+N', label: 'key.newCase', enabled: true },
  ];

  const press = (key: string) => {
    switch (key) {
      case 'F1':
        setHelp(true);
        break;
      case 'F2':
        setSimOpen(true);
        break;
      case 'F5':
        setMrzOpen(true);
        break;
      case 'F3':
        if (draft) {
          cases.edit({ step: 'item' }, true);
          setSearchNonce((n) => n + 1);
        }
        break;
      case 'F6':
      case 'F7':
      case 'F8':
        if (draft) {
          if (draft.step !== 'decision') cases.edit({ step: 'decision' }, true);
          const kind = key === 'F6' ? 'accept' : key === 'F7' ? 'notice' : 'reject';
          setDecisionCommand((c) => ({ kind, n: (c?.n ?? 0) + 1 }));
        }
        break;
      case 'F9':
      case 'Shift+F9':
      case 'Ctrl+F9':
        if (draft && decided) {
          if (draft.step !== 'paper') cases.edit({ step: 'paper' }, true);
          const what = key === 'Shift+F9' ? 'voucher' : key === 'Ctrl+F9' ? 'reprint' : 'paper';
          setPrintCommand((c) => ({ n: (c?.n ?? 0) + 1, what }));
        }
        break;
      case 'F4':
        // Scans into the selected line from any step, and shows the materials step.
        if (draft && draft.step !== 'materials') cases.edit({ step: 'materials' }, true);
        void materials.scan();
        break;
      case 'Ctrl+N':
        void newCase();
        break;
      case 'F10':
        setSyncOpen((o) => !o);
        break;
      case 'F11':
        setPickupOpen((o) => !o);
        break;
      case 'F12':
        void callNext();
        break;
    }
  };

  const shortcuts: Record<string, () => void> = {
    Escape: () =>
      syncOpen
        ? setSyncOpen(false)
        : pickupOpen
          ? setPickupOpen(false)
          : pickerOpen
          ? setPickerOpen(false)
          : help
          ? setHelp(false)
          : simOpen
            ? setSimOpen(false)
            : mrzOpen
              ? setMrzOpen(false)
              : draft
                ? void closeCase()
                : undefined,
    'Alt+A': () => setAsAgent((a) => !a),
    'Alt+T': trainingKey,
    'Shift+F12': () => ticket.current?.state === 'called' && void ticket.recall(),
    'Ctrl+F12': () => ticket.current?.state === 'called' && void ticket.noShow(),
    'Alt+F12': () => ticket.current && setTransferOpen(true),
    'Ctrl+P': () => void (ticket.window?.paused ? ticket.resume() : ticket.pause(t('ticket.pauseReason.default'))),
    'Ctrl+E': askRating,
    // 办事回执: one paper for every item of the visit.
    'Alt+F9': () => {
      if (!draft || !decided) return;
      if (draft.step !== 'paper') cases.edit({ step: 'paper' }, true);
      setPrintCommand((c) => ({ n: (c?.n ?? 0) + 1, what: 'visit' }));
    },
    // 一件事: another item for this visit, the person and ticket kept.
    'Alt+N': () => addVisitItem(),
    'Alt+Y': checkIn,
    'Alt+V': () => draft?.step === 'materials' && materials.shareVisit(),
    'Alt+G': () => {
      const offer = ageGreenReason(draft?.applicant.id_number);
      if (offer && !draft?.green) setGreen(offer);
    },
  };
  for (const k of keys) if (k.enabled) shortcuts[k.key] = () => press(k.key);
  STEPS.forEach((s, i) => {
    shortcuts[`Alt+${i + 1}`] = () => draft && cases.edit({ step: s }, true);
  });
  useShortcuts(active && !toRate ? shortcuts : {});

  return (
    <div className={`${CSS_VAR_CLASS} ow-shell ow-mode-${info.mode}`} data-testid="workstation">
      {info.mode === 'sandbox' && (
        <div className="ow-training-banner" data-testid="training-banner">
          {t('banner.training')}
        </div>
      )}
      <TopBar
        info={info}
        person={person}
        onLock={onLock}
        onSignOut={onSignOut}
        status={status}
        catalog={catalog}
        outbox={outbox}
        onOpenSync={() => setSyncOpen(true)}
        results={results}
        onOpenPickup={() => setPickupOpen(true)}
        onSimCard={sandbox ? () => setSimOpen(true) : undefined}
      />
      <TicketBar control={ticket} onCall={() => void callNext()} onAddItem={draft ? addVisitItem : undefined} onCheckIn={canCheckIn ? checkIn : undefined} transferOpen={transferOpen} onTransferOpen={setTransferOpen} />
      <div className="ow-main">
        <ApplicantPanel
          draft={draft}
          lastRead={lastRead}
          asAgent={asAgent}
          onToggleAgent={() => setAsAgent((a) => !a)}
          onGreen={setGreen}
          mrzEntry={
            mrzOpen && (
              <Suspense fallback={null}>
                <MrzEntry
                  onClose={() => setMrzOpen(false)}
                  onRead={(k) => {
                    setMrzOpen(false);
                    if (!k.card_present) message.info(t('mrz.sent'));
                  }}
                  onError={onBackendError}
                />
              </Suspense>
            )
          }
        />
        <div className="ow-centre-wrap">
          {draft && <FollowUpOffer
              draft={draft}
              flush={cases.flush}
              onContinue={continueNotice}
              onFollowPaper={(text) => continueNotice({ document_number: text })}
              onTakeOwed={takeOwed}
            />}
          {draft && <FollowBanner draft={draft} />}
          {draft && trainingPlay && (
            <Suspense fallback={null}>
              <TrainingTray play={trainingPlay} draft={draft} materials={materials} onError={onBackendError} trayRef={trayRef} />
            </Suspense>
          )}
          {draft ? (
            <Suspense fallback={null}>
              <StepArea
                draft={draft}
                assessment={cases.assessment}
                save={cases.save}
                resumed={cases.resumed}
                searchNonce={searchNonce}
                onEdit={cases.edit}
                onChooseItem={cases.chooseItem}
                onAnswer={(q, v) => void cases.answer(q, v).catch((e) => message.error(errorText(e)))}
                decisionCommand={decisionCommand}
                printCommand={printCommand}
                onDecide={async (d) => {
                  try {
                    await cases.decide(d);
                    refreshRecent();
                  } catch (e) {
                    message.error(errorText(e));
                    throw e;
                  }
                }}
                onSendSupplement={sendSupplement}
                onNext={() => void newCase()}
                materials={materials}
              />
            </Suspense>
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
        <ChecklistPanel
          assessment={draft ? cases.assessment : null}
          marks={draft?.materials as Record<string, LineMark> | undefined}
          materials={draft ? materials : undefined}
          supplement={supplementing}
        />
      </div>
      <KeyBar keys={keys} onPress={press} />
      {toRate && (
        <Suspense fallback={null}>
          <RatingScreen visit={toRate} onDone={() => setToRate(null)} />
        </Suspense>
      )}
      <Suspense fallback={null}>
        {sandbox && simMounted && <SimCardPicker open={simOpen} onClose={() => setSimOpen(false)} onError={onBackendError} />}
        {sandbox && pickerMounted && (
          <ScenarioPicker
            open={pickerOpen}
            onClose={() => setPickerOpen(false)}
            onStart={startTraining}
            onError={onBackendError}
            beforeReset={closeCase}
            afterReset={() => {
              setPlay(null);
              refreshRecent();
            }}
          />
        )}
        {syncMounted && <SyncPanel open={syncOpen} summary={outbox} onClose={() => setSyncOpen(false)} />}
        {pickupMounted && (
          <PickupPanel open={pickupOpen} summary={results} onClose={() => setPickupOpen(false)} onSupplement={startSupplement} />
        )}
      </Suspense>
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
        {sandbox && <p>{t('help.training')}</p>}
      </Modal>
    </div>
  );
}
