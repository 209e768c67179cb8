// The memory backend's share of the hall's queue: one window, tickets tests issue directly,
// green channel first (the back office's full order, with its fairness cap, is tested there).
import { BackendError, type Backend, type GreenReason, type HallNow, type Ticket, type TransferRequest, type WindowState } from './types';

type TicketCommands = Pick<
  Backend,
  'ticketWindow' | 'ticketSetup' | 'ticketRecall' | 'ticketStart' | 'ticketNoShow' | 'ticketTransfer' | 'ticketPause' | 'ticketResume' | 'ticketFinish'
>;

const HUZHENG = { code: 'huzheng', name: '户政', prefix: 'A' };
const GROUPS = [HUZHENG, { code: 'shebao', name: '社保', prefix: 'B' }];

export function memoryTickets(clock: () => string) {
  const tickets: Ticket[] = [];
  let current: Ticket | null = null;
  let paused: string | null = null;
  const counters = new Map<string, number>();
  const waiting = () => tickets.filter((t) => t.state === 'waiting');
  const state = (): WindowState => ({
    workstation_id: 'sandbox-window-1',
    paused: paused != null,
    pause_reason: paused,
    current: current ? structuredClone(current) : null,
    waiting: waiting().length,
  });
  const mine = (id: string) => {
    if (!current || current.id !== id) throw new BackendError({ code: 'tickets.not_yours', message: `ticket ${id} is not at this window`, details: null });
    return current;
  };
  /** Today's appointments by ID number (tests book them), not yet checked in. */
  const appointments = new Map<string, Ticket['appointment']>();
  const book = (idNumber: string, items: string[], answers: Record<string, string> = {}) =>
    appointments.set(idNumber, { name: '预约人', id_number: idNumber, slot_start: clock(), slot_end: clock(), items, answers });
  /** Checks the appointment of `idNumber` in for this window and calls it at once. */
  const checkIn = (idNumber: string, clerk: string) => {
    const appointment = appointments.get(idNumber);
    if (!appointment) throw new BackendError({ code: 'tickets.unknown_appointment', message: 'no appointment today', details: null });
    appointments.delete(idNumber);
    const t = issue('huzheng');
    const stored = tickets.find((x) => x.id === t.id);
    if (stored) Object.assign(stored, { kind: 'appointment', appointment, for_window: 'sandbox-window-1' });
    if (current?.state === 'serving') end(current, 'finished');
    const ticket = call(clerk);
    return { ticket, waiting: waiting().length };
  };
  /** Issues a ticket as the kiosk would (tests call it). */
  const issue = (group = 'huzheng', green: GreenReason | null = null): Ticket => {
    const g = GROUPS.find((x) => x.code === group) ?? HUZHENG;
    const n = (counters.get(g.code) ?? 0) + 1;
    counters.set(g.code, n);
    const number = `${g.prefix}${String(n).padStart(3, '0')}`;
    const t: Ticket = {
      id: `20260302-${number}`,
      number,
      group: g.code,
      group_name: g.name,
      kind: 'walk_in',
      green,
      state: 'waiting',
      issued_at: clock(),
      called_at: null,
      started_at: null,
      ended_at: null,
      workstation_id: null,
      clerk_id: null,
      recalls: 0,
      for_window: null,
      ahead: waiting().length,
      appointment: null,
    };
    tickets.push(t);
    return structuredClone(t);
  };
  /** The next ticket for the window, called; null when nobody waits. */
  const call = (clerk: string): Ticket | null => {
    if (paused != null) throw new BackendError({ code: 'tickets.window_paused', message: 'paused', details: null });
    if (current) throw new BackendError({ code: 'tickets.window_busy', message: 'finish the current ticket first', details: null });
    const w = waiting();
    const next = w.find((t) => t.for_window != null) ?? w.find((t) => t.green) ?? w[0];
    if (!next) return null;
    Object.assign(next, { state: 'called', called_at: clock(), workstation_id: 'sandbox-window-1', clerk_id: clerk });
    current = next;
    return structuredClone(next);
  };
  const end = (t: Ticket, s: Ticket['state']) => {
    Object.assign(t, { state: s, ended_at: clock() });
    current = null;
    return structuredClone(t);
  };
  const commands: TicketCommands = {
    async ticketWindow() {
      return state();
    },
    async ticketSetup() {
      return { groups: structuredClone(GROUPS), windows: [{ workstation_id: 'sandbox-window-1', groups: GROUPS.map((g) => g.code) }], settings: { priority_streak_cap: 3, recalls_before_no_show: 2, appointment_early_minutes: 15, bad_rating_follow_up_days: 3 } };
    },
    async ticketRecall(id) {
      const t = mine(id);
      t.recalls += 1;
      return structuredClone(t);
    },
    async ticketStart(id) {
      const t = mine(id);
      Object.assign(t, { state: 'serving', started_at: clock() });
      return structuredClone(t);
    },
    async ticketNoShow(id) {
      const t = mine(id);
      if (t.recalls < 2) throw new BackendError({ code: 'tickets.recall_first', message: 'recall first', details: null });
      return end(t, 'no_show');
    },
    async ticketTransfer(id, request) {
      const t = mine(id);
      Object.assign(t, { state: 'waiting', group: request.group ?? t.group, for_window: request.workstation_id ?? null });
      current = null;
      return structuredClone(t);
    },
    async ticketPause(reason) {
      paused = reason;
      return state();
    },
    async ticketResume() {
      paused = null;
      return state();
    },
    async ticketFinish() {
      if (current?.state === 'serving') end(current, 'finished');
      return current ? structuredClone(current) : null;
    },
  };
  /** F12's first half: finishes a served ticket, then calls. */
  const finishAndCall = (clerk: string) => {
    if (current?.state === 'serving') end(current, 'finished');
    const ticket = call(clerk);
    return { ticket, waiting: waiting().length };
  };
  const seconds = (from: string) => Math.max(0, Math.floor((Date.parse(clock()) - Date.parse(from)) / 1000));
  /** The floor as a lead sees it: this one window (open while someone is signed in), the lines. */
  const floor = (clerk: { id: string; name: string } | null): HallNow => ({
    generated_at: clock(),
    windows: [
      {
        workstation_id: 'sandbox-window-1',
        window_name: '1 号窗口',
        status: !clerk ? 'closed' : paused != null ? 'paused' : 'open',
        pause_reason: paused,
        groups: GROUPS.map((g) => g.code),
        clerk,
        ticket: current ? { id: current.id, number: current.number, state: current.state, since: current.started_at ?? current.called_at ?? current.issued_at, green: current.green != null } : null,
        in_hand: null,
        open_cases: 0,
        seen_at: clock(),
      },
    ],
    groups: GROUPS.map((g) => {
      const line = waiting().filter((t) => t.group === g.code);
      return {
        code: g.code,
        name: g.name,
        waiting: line.length,
        green_waiting: line.filter((t) => t.green).length,
        longest_wait_seconds: line[0] ? seconds(line[0].issued_at) : null,
        windows_open: clerk && paused == null ? 1 : 0,
      };
    }),
    waiting: waiting().map((t) => ({ id: t.id, number: t.number, group: t.group, green: t.green != null, issued_at: t.issued_at, waited_seconds: seconds(t.issued_at), for_window: t.for_window })),
    pickup_waiting: 0,
  });
  /** A lead's move of a waiting ticket: the back office's rule, a called ticket stays. */
  const move = (id: string, request: TransferRequest): Ticket => {
    const t = tickets.find((x) => x.id === id);
    if (!t) throw new BackendError({ code: 'tickets.unknown_ticket', message: `no ticket ${id}`, details: null });
    if (t.state !== 'waiting') throw new BackendError({ code: 'tickets.wrong_state', message: 'no longer waiting', details: null });
    Object.assign(t, { group: request.group ?? t.group, for_window: request.workstation_id ?? null });
    return structuredClone(t);
  };
  /** The ticket being served, before F12 finishes it. */
  const serving = () => (current?.state === 'serving' ? structuredClone(current) : null);
  return { commands, issue, book, checkIn, finishAndCall, serving, tickets, floor, move };
}
