// The memory backend's share of the hall's queue: one window, tickets tests issue directly,
// green channel first (the back office's full order, with its fairness cap, is tested there).
import { BackendError, type Backend, type GreenReason, type Ticket, type WindowState } from './types';

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
  /** The ticket being served, before F12 finishes it. */
  const serving = () => (current?.state === 'serving' ? structuredClone(current) : null);
  return { commands, issue, book, checkIn, finishAndCall, serving, tickets };
}
