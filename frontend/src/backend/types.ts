// The backend contract the UI codes against. Types come from the generated bindings.
import type {
  AppInfo,
  CaseDraft_Serialize,
  CaseEdit_Deserialize,
  CaseId,
  CaseSummary_Serialize,
  ErrorBody_Serialize,
  StatusSnapshot,
} from './bindings';

// What the backend sends (`_Serialize`) and what it accepts (`_Deserialize`).
export type CaseDraft = CaseDraft_Serialize;
export type CaseEdit = CaseEdit_Deserialize;
export type CaseSummary = CaseSummary_Serialize;
export type ErrorBody = ErrorBody_Serialize;
export type { AppInfo, CaseId, StatusSnapshot };
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
}
