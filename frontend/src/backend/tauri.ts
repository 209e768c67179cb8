// The Tauri implementation: the only code that reaches the Rust side.
import { commands, events } from './bindings';
import { BackendError, type Backend, type ErrorBody } from './types';

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: ErrorBody };

function unwrap<T>(r: Outcome<T>): T {
  if (r.status === 'ok') return r.data;
  throw new BackendError(r.error);
}

export function createTauriBackend(): Backend {
  return {
    appInfo: async () => unwrap(await commands.appInfo()),
    status: () => commands.status(),
    onStatus: (cb) => events.statusChanged.listen((e) => cb(e.payload)),
    uiReady: () => commands.uiReady(),
    createCase: async (ticket) => unwrap(await commands.caseCreate(ticket)),
    updateCase: async (id, edit) => unwrap(await commands.caseUpdate(id, edit)),
    getCase: async (id) => unwrap(await commands.caseGet(id)),
    recentCases: async (limit) => unwrap(await commands.caseRecent(limit)),
    resumeCase: async () => unwrap(await commands.caseResume()),
    searchItems: async (query, limit) => unwrap(await commands.itemSearch(query, limit)),
    chooseItem: async (id, code) => unwrap(await commands.caseChooseItem(id, code)),
    answer: async (id, question, value) => unwrap(await commands.caseAnswer(id, question, value)),
    caseView: async (id) => unwrap(await commands.caseView(id)),
    catalogInfo: async () => unwrap(await commands.catalogInfo()),
    outboxSummary: async () => unwrap(await commands.outboxSummary()),
    onOutbox: (cb) => events.outboxChanged.listen((e) => cb(e.payload)),
    outboxList: async (limit) => unwrap(await commands.outboxList(limit)),
    outboxRetry: async (id) => unwrap(await commands.outboxRetry(id)),
  };
}
