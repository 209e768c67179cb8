import { App as AntApp } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { BackendError, useBackend, type CaseDraft, type Ticket, type TransferRequest, type WindowState } from '../backend';
import { useI18n } from '../i18n';

/** The window's place in the hall's queue: the ticket it calls or serves, and the calls. The
 *  queue is the back office's; when it cannot be reached `offline` says so, and the clerk types
 *  the number from the paper ticket on the case instead. */
/** How often the waiting count is refreshed while nothing else asks. */
const REFRESH_MS = 10_000;

export function useTicket({ draft, online, onOpen }: { draft: CaseDraft | null; online: boolean; onOpen: (caseId: string) => void }) {
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  const { message } = AntApp.useApp();
  const [win, setWindow] = useState<WindowState | null>(null);
  const [offline, setOffline] = useState(false);
  const [busy, setBusy] = useState(false);

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof BackendError && (e.code === 'sync.unreachable' || e.code.startsWith('sync.'))) {
        setOffline(true);
        message.warning(t('ticket.offline'));
      } else {
        message.error(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e));
      }
    },
    [errorMessage, message, t],
  );

  const refresh = useCallback(() => {
    backend.ticketWindow().then(
      (w) => {
        setWindow(w);
        setOffline(false);
      },
      () => setOffline(true),
    );
  }, [backend]);
  // Again when the back office comes within reach (it may start after the first screen), and
  // every few seconds for the waiting count.
  useEffect(refresh, [refresh]);
  useEffect(() => {
    if (!online) return;
    refresh();
    const timer = window.setInterval(refresh, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [online, refresh]);

  const withTicket = (current: Ticket | null, w: WindowState | null): WindowState | null => (w ? { ...w, current } : w);

  /** Runs one call; the window's state comes back from the answer or a fresh look. */
  const run = useCallback(
    async <T,>(f: () => Promise<T>, after: (r: T) => void) => {
      if (busy) return;
      setBusy(true);
      try {
        const r = await f();
        setOffline(false);
        after(r);
      } catch (e) {
        fail(e);
        refresh();
      } finally {
        setBusy(false);
      }
    },
    [busy, fail, refresh],
  );

  const callNext = useCallback(
    () =>
      run(
        () => backend.ticketCallNext(),
        (r) => {
          setWindow((w) => withTicket(r.called.ticket, w ? { ...w, waiting: r.called.waiting } : w));
          if (r.case) onOpen(r.case.id);
          if (!r.called.ticket) message.info(t('ticket.nobody'));
          else refresh();
        },
      ),
    [backend, message, onOpen, refresh, run, t],
  );
  // 实名预约 at the window: the ID card read into the open case finds today's appointment.
  const checkIn = useCallback(
    (caseId: string) =>
      run(
        () => backend.ticketCheckIn(caseId),
        (r) => {
          setWindow((w) => withTicket(r.called.ticket, w ? { ...w, waiting: r.called.waiting } : w));
          if (r.case) onOpen(r.case.id);
          refresh();
        },
      ),
    [backend, onOpen, refresh, run],
  );
  const current = win?.current ?? null;
  const onCurrent = (f: (id: string) => Promise<Ticket>) => () => {
    if (!current) return Promise.resolve();
    return run(
      () => f(current.id),
      (tk) => setWindow((w) => withTicket(tk.state === 'called' || tk.state === 'serving' ? tk : null, w)),
    );
  };
  const recall = onCurrent((id) => backend.ticketRecall(id));
  const noShow = onCurrent((id) => backend.ticketNoShow(id));
  const transfer = (request: TransferRequest) =>
    current
      ? run(
          () => backend.ticketTransfer(current.id, request),
          () => setWindow((w) => withTicket(null, w)),
        )
      : Promise.resolve();
  const pause = (reason: string) => run(() => backend.ticketPause(reason), setWindow);
  const resume = () => run(() => backend.ticketResume(), setWindow);

  // The citizen is at the window once their ID is on the ticket's case: service time starts.
  const applicantOn = !!draft && (draft.applicant.name != null || draft.applicant.id_number != null);
  const startable = current?.state === 'called' && draft?.ticket === current.number && applicantOn;
  useEffect(() => {
    if (!startable || !current) return;
    backend.ticketStart(current.id).then(
      (tk) => setWindow((w) => withTicket(tk, w)),
      () => undefined,
    );
  }, [backend, current, startable]);

  return { window: win, current, offline, busy, callNext, checkIn, recall, noShow, transfer, pause, resume, refresh };
}

export type TicketControl = ReturnType<typeof useTicket>;
