// The backend contract the UI codes against. Types come from the generated bindings.
import type {
  AnswerValue,
  AppInfo,
  CaseView_Serialize,
  CatalogInfo,
  ChecklistLine_Serialize,
  Evaluation_Serialize,
  ItemSummary_Serialize,
  PromisedDate_Serialize,
  Question_Serialize,
  SearchHit,
  TimeLimit_Serialize,
  CaseDraft_Serialize,
  CaseEdit_Deserialize,
  CaseId,
  CaseSummary_Serialize,
  ErrorBody_Serialize,
  StatusSnapshot,
  OutboxItem_Serialize,
  OutboxSummary,
} from './bindings';

// What the backend sends (`_Serialize`) and what it accepts (`_Deserialize`).
export type CaseDraft = CaseDraft_Serialize;
export type CaseEdit = CaseEdit_Deserialize;
export type CaseSummary = CaseSummary_Serialize;
export type ErrorBody = ErrorBody_Serialize;
export type CaseView = CaseView_Serialize;
export type Evaluation = Evaluation_Serialize;
export type ChecklistLine = ChecklistLine_Serialize;
export type ItemSummary = ItemSummary_Serialize;
export type PromisedDate = PromisedDate_Serialize;
export type Question = Question_Serialize;
export type TimeLimit = TimeLimit_Serialize;
export type OutboxItem = OutboxItem_Serialize;
export type { OutboxSummary };
export type { OutboxState } from './bindings';
export type { AnswerValue, AppInfo, CaseId, CatalogInfo, SearchHit, StatusSnapshot };
export type { CaseStep, DeviceStatus, LinkState, Mode } from './bindings';

/** An error from the backend, with the stable code the UI translates. */
export class BackendError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'BackendError';
    this.code = body.code;
    this.details = body.details;
  }
}

export interface Backend {
  appInfo(): Promise<AppInfo>;
  status(): Promise<StatusSnapshot>;
  /** Calls `cb` on every status change; resolves to an unsubscribe function. */
  onStatus(cb: (s: StatusSnapshot) => void): Promise<() => void>;
  uiReady(): Promise<void>;
  createCase(ticket: string | null): Promise<CaseDraft>;
  updateCase(id: CaseId, edit: CaseEdit): Promise<CaseDraft>;
  getCase(id: CaseId): Promise<CaseDraft>;
  recentCases(limit: number): Promise<CaseSummary[]>;
  resumeCase(): Promise<CaseDraft | null>;
  searchItems(query: string, limit: number): Promise<SearchHit[]>;
  chooseItem(id: CaseId, code: string): Promise<CaseView>;
  answer(id: CaseId, question: string, value: AnswerValue | null): Promise<CaseView>;
  caseView(id: CaseId): Promise<CaseView>;
  catalogInfo(): Promise<CatalogInfo>;
  outboxSummary(): Promise<OutboxSummary>;
  /** Calls `cb` whenever the outbox counts change; resolves to an unsubscribe function. */
  onOutbox(cb: (s: OutboxSummary) => void): Promise<() => void>;
  outboxList(limit: number): Promise<OutboxItem[]>;
  outboxRetry(id: CaseId): Promise<OutboxItem>;
}
