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
  PageTimeline,
  ErrorBody_Serialize,
  StatusSnapshot,
  Blocker,
  DecisionKind,
  DecisionOptions_Serialize,
  DecisionRequest_Deserialize,
  IssuedPaper_Serialize,
  PaperEntry_Serialize,
  RejectGround_Deserialize,
  MaterialsView_Serialize,
  PageView_Serialize,
  LineMark,
  Finding_Serialize,
  GalleryCard_Serialize,
  CollectorProof,
  NumberProblem,
  MrzEntry,
  MrzKey,
  IdentityRead_Serialize,
  IdentityDocument_Serialize,
  PersonRole,
  OutboxItem_Serialize,
  OutboxSummary,
  PickupEntry_Serialize,
  ResultsSummary,
  SessionView_Serialize,
  SignedPerson_Serialize,
  ClerkRole_Serialize,
  Overview_Serialize,
  AtRisk_Serialize,
  HallNow_Serialize,
  Figures_Serialize,
  TicketFigures_Serialize,
  FiguresFormat,
  WaitingTicket_Serialize,
  WindowNow_Serialize,
  ReassignRequest_Deserialize,
  RiskCase_Serialize,
  OpenDraft_Serialize,
  Ticket_Serialize,
  WindowState_Serialize,
  HallSetup,
  TransferRequest_Deserialize,
  CalledCase_Serialize,
  GreenReason,
  VisitToRate_Serialize,
  RatingInput,
  Grade,
  BadReason,
  OpenNotice,
  NoticeLookup,
  OwedCase,
  FollowUp_Serialize,
  HandOutDone_Serialize,
  FollowKind,
  Scenario_Serialize,
  Score_Serialize,
  TrainingPlay_Serialize,
  TrainingResult_Serialize,
  TrainingReset,
  LineExpectation,
  PathStep_Serialize,
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
export type DecisionOptions = DecisionOptions_Serialize;
export type DecisionRequest = DecisionRequest_Deserialize;
export type IssuedPaper = IssuedPaper_Serialize;
export type PaperEntry = PaperEntry_Serialize;
export type RejectGround = RejectGround_Deserialize;
export type DecisionKindKey = DecisionKind;
export type { Blocker };
export type MaterialsView = MaterialsView_Serialize;
export type PageView = PageView_Serialize;
export type Finding = Finding_Serialize;
export type { LineMark };
export type IdentityRead = IdentityRead_Serialize;
export type IdentityDocument = IdentityDocument_Serialize;
export type GalleryCard = GalleryCard_Serialize;
export type { NumberProblem, CollectorProof };
export type { MrzEntry, MrzKey, PersonRole };
export type OutboxItem = OutboxItem_Serialize;
export type { OutboxSummary, ResultsSummary };
export type PickupEntry = PickupEntry_Serialize;
export type { CaseState } from './bindings';
export type { OutboxState } from './bindings';
export type SessionView = SessionView_Serialize;
export type SignedPerson = SignedPerson_Serialize;
export type ClerkRole = ClerkRole_Serialize;
export type Overview = Overview_Serialize;
export type AtRisk = AtRisk_Serialize;
export type HallNow = HallNow_Serialize;
export type Figures = Figures_Serialize;
export type TicketFigures = TicketFigures_Serialize;
export type { FiguresFormat };
export type WaitingTicket = WaitingTicket_Serialize;
export type WindowNow = WindowNow_Serialize;
export type ReassignRequest = ReassignRequest_Deserialize;
export type RiskCase = RiskCase_Serialize;
export type OpenDraft = OpenDraft_Serialize;
export type CalledCase = CalledCase_Serialize;
export type Ticket = Ticket_Serialize;
export type WindowState = WindowState_Serialize;
export type TransferRequest = TransferRequest_Deserialize;
export type { GreenReason, HallSetup };
export type VisitToRate = VisitToRate_Serialize;
export type { BadReason, Grade, RatingInput };
export type { OpenNotice, NoticeLookup, OwedCase, FollowKind };
export type FollowUp = FollowUp_Serialize;
export type HandOutDone = HandOutDone_Serialize;
export type Scenario = Scenario_Serialize;
export type Score = Score_Serialize;
export type TrainingPlay = TrainingPlay_Serialize;
export type TrainingResult = TrainingResult_Serialize;
export type PathStep = PathStep_Serialize;
export type { TrainingReset, LineExpectation };
export type { AnswerValue, AppInfo, CaseId, CatalogInfo, PageTimeline, SearchHit, StatusSnapshot };
/** Everything the first screen shows (the desk's `FirstScreen`, in the UI's types). */
export type FirstScreen = {
  info: AppInfo;
  session: SessionView;
  status: StatusSnapshot;
  catalog: CatalogInfo;
  outbox: OutboxSummary;
  results: ResultsSummary;
  recent: CaseSummary[];
};
export type { CaseStep, DeviceKind, DeviceState, DeviceStatus, LinkState, Mode } from './bindings';

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
  /** Everything the first screen shows. The Tauri backend has usually asked already (`early.ts`). */
  firstScreen(): Promise<FirstScreen>;
  status(): Promise<StatusSnapshot>;
  /** Calls `cb` on every status change; resolves to an unsubscribe function. */
  onStatus(cb: (s: StatusSnapshot) => void): Promise<() => void>;
  /** The first screen is painted; `page` says where the page's start-up time went. */
  uiReady(page: PageTimeline): Promise<void>;
  /** Who is at the keyboard (the idle lock may have fallen since the last look). */
  session(): Promise<SessionView>;
  /** Signs in at the back office, or offline when it cannot be reached. */
  signIn(account: string, secret: string): Promise<SessionView>;
  signOut(): Promise<SessionView>;
  lock(): Promise<SessionView>;
  unlock(secret: string): Promise<SessionView>;
  /** The person is working: the idle clock starts again. */
  touch(): Promise<void>;
  /** Calls `cb` whenever who is signed in changes; resolves to an unsubscribe function. */
  onSession(cb: (s: SessionView) => void): Promise<() => void>;
  /** The shift lead's view of the hall (lead role, online sign-in). */
  hallOverview(): Promise<Overview>;
  /** What the lead chases: promised dates, five-day clocks, owed materials, returned cases
   *  (lead role, online sign-in). */
  hallAtRisk(): Promise<AtRisk>;
  /** The floor now: windows, who sits there, the ticket and case in hand, the lines (lead role). */
  hallNow(): Promise<HallNow>;
  /** A lead moves a waiting ticket to another group or one window, with the reason. */
  hallMoveTicket(id: string, request: TransferRequest): Promise<Ticket>;
  /** A lead sends a case still with its department to another queue, with the reason. */
  hallMoveCase(caseNumber: string, request: ReassignRequest): Promise<void>;
  /** The hall's figures for hall days `from..=to` (`YYYY-MM-DD`; lead role). */
  hallFigures(from: string, to: string): Promise<Figures>;
  /** Saves the figures as a workbook or CSV; the saved file's path (lead role). */
  hallFiguresExport(from: string, to: string, format: FiguresFormat): Promise<string>;
  /** Everyone's drafts still open on this workstation (lead role). */
  hallOpenDrafts(): Promise<OpenDraft[]>;
  /** This window's place in the hall's queue (the back office's). */
  ticketWindow(): Promise<WindowState>;
  /** Service groups and windows, for a transfer. */
  ticketSetup(): Promise<HallSetup>;
  /** F12: finishes the visit being served, calls the next ticket and opens its case. */
  ticketCallNext(): Promise<CalledCase>;
  /** Checks in, at this window, the appointment of the citizen whose ID card is on case `id`. */
  ticketCheckIn(id: string): Promise<CalledCase>;
  /** Ends the visit without calling anyone. */
  ticketFinish(): Promise<Ticket | null>;
  ticketRecall(id: string): Promise<Ticket>;
  /** The citizen is at the window: service time starts. */
  ticketStart(id: string): Promise<Ticket>;
  ticketNoShow(id: string): Promise<Ticket>;
  ticketTransfer(id: string, request: TransferRequest): Promise<Ticket>;
  ticketPause(reason: string): Promise<WindowState>;
  ticketResume(): Promise<WindowState>;
  /** 好差评: the clerk turns the screen to the citizen for this visit. */
  ratingRequest(ticket: string | null, cases: string[]): Promise<VisitToRate>;
  /** The visit waiting for the citizen's rating, if any. */
  ratingPending(): Promise<VisitToRate | null>;
  ratingSubmit(input: RatingInput): Promise<void>;
  ratingSkip(): Promise<void>;
  createCase(ticket: string | null): Promise<CaseDraft>;
  /** Another item for the same visit: the same ticket, applicant, agent and green channel. */
  addVisitItem(from: CaseId): Promise<CaseDraft>;
  /** The pages the visit's other items already have for the same materials. */
  shareVisitPages(id: CaseId): Promise<MaterialsView>;
  updateCase(id: CaseId, edit: CaseEdit): Promise<CaseDraft>;
  getCase(id: CaseId): Promise<CaseDraft>;
  recentCases(limit: number): Promise<CaseSummary[]>;
  resumeCase(): Promise<CaseDraft | null>;
  searchItems(query: string, limit: number): Promise<SearchHit[]>;
  chooseItem(id: CaseId, code: string): Promise<CaseView>;
  answer(id: CaseId, question: string, value: AnswerValue | null): Promise<CaseView>;
  caseView(id: CaseId): Promise<CaseView>;
  catalogInfo(): Promise<CatalogInfo>;
  /** A newer catalog or calendar was installed from the back office, or refused. */
  onCatalog(cb: (c: CatalogInfo) => void): Promise<() => void>;
  /** Accept / one-time notice / reject; the case comes back frozen. */
  decide(id: CaseId, decision: DecisionRequest): Promise<CaseView>;
  issuePaper(id: CaseId): Promise<IssuedPaper>;
  /** 办事回执: one paper listing every decided item of the case's visit. */
  issueVisitReceipt(id: CaseId): Promise<IssuedPaper>;
  reprintPaper(paper: number): Promise<IssuedPaper>;
  getPaper(paper: number): Promise<IssuedPaper>;
  listPapers(id: CaseId): Promise<PaperEntry[]>;
  printPaper(paper: number): Promise<PaperEntry>;
  materials(id: CaseId): Promise<MaterialsView>;
  markLine(id: CaseId, line: string, mark: LineMark): Promise<MaterialsView>;
  /** Scans from this window's scanner into `line`; pages are checked and stored. */
  scan(id: CaseId, line: string): Promise<MaterialsView>;
  /** Stops the scan in flight; false when none was running. */
  cancelScan(): Promise<boolean>;
  importFile(id: CaseId, line: string, fileName: string | null, bytes: number[]): Promise<MaterialsView>;
  rotatePage(id: CaseId, page: string, clockwiseDeg: number): Promise<MaterialsView>;
  deletePage(id: CaseId, page: string): Promise<MaterialsView>;
  movePage(id: CaseId, page: string, to: number): Promise<MaterialsView>;
  acceptPage(id: CaseId, page: string, reason: string): Promise<MaterialsView>;
  /** The full page as a data URL, for zooming. */
  pageImage(id: CaseId, page: string): Promise<string>;
  /** Puts read `readId` on the case as the applicant or the agent; the backend keeps the read. */
  identityApply(id: CaseId, readId: number, role: PersonRole): Promise<CaseDraft>;
  identityLatest(): Promise<IdentityRead | null>;
  /** Calls `cb` for every card read (or failed read); resolves to an unsubscribe function. */
  onCardRead(cb: (r: IdentityRead) => void): Promise<() => void>;
  /** Sandbox trainer controls: the fictional citizens, present one, take the card away. */
  identityGallery(): Promise<GalleryCard[]>;
  /** What is wrong with a document number as the clerk types it (`null`: nothing). */
  checkIdNumber(number: string): Promise<NumberProblem | null>;
  /** The MRZ the clerk typed: it opens the chip on the PC/SC reader now, or the next one. */
  chipMrz(entry: MrzEntry): Promise<MrzKey>;
  simPresent(key: string): Promise<void>;
  simRemove(): Promise<void>;
  outboxSummary(): Promise<OutboxSummary>;
  /** Calls `cb` whenever the outbox counts change; resolves to an unsubscribe function. */
  onOutbox(cb: (s: OutboxSummary) => void): Promise<() => void>;
  outboxList(limit: number): Promise<OutboxItem[]>;
  outboxRetry(id: CaseId): Promise<OutboxItem>;
  /** Results from the back office: what to hand out here, and this window's returns. */
  resultsList(): Promise<PickupEntry[]>;
  resultsSummary(): Promise<ResultsSummary>;
  onResults(cb: (s: ResultsSummary) => void): Promise<() => void>;
  /** Hands a result to the collector (their ID checked, or the reason given); via the outbox.
   *  Resolves to the list without it and the collection record (领取凭证) to print. */
  resultsHandOut(caseNumber: string, collector: CollectorProof): Promise<HandOutDone>;
  /** The one-time notices to case `id`'s applicant that no case carries on yet: issued here,
   *  then those the back office keeps from other windows (when it answers). */
  openNotices(id: CaseId): Promise<NoticeLookup>;
  /** Continues notice `notice` (issued here) in case `id`: its answers and received lines,
   *  with pages. */
  continueNotice(id: CaseId, notice: CaseId): Promise<CaseDraft>;
  /** Carries on in case `id` what the citizen's paper names (`text`, scanned from its QR code
   *  or typed): a receipt whose case owes a material, or a notice issued here or elsewhere. */
  followPaper(id: CaseId, text: string): Promise<CaseDraft>;
  /** The case's applicant's cases accepted here that still owe materials (容缺). */
  owedCases(id: CaseId): Promise<OwedCase[]>;
  /** Makes case `id` the supplement that brings what `accepted` owes. */
  takeOwed(id: CaseId, accepted: CaseId): Promise<CaseDraft>;
  /** Opens (or returns the open) supplement for a case its department returned. */
  startSupplement(caseNumber: string): Promise<CaseDraft>;
  /** Sends the supplement's pages through the outbox, once. */
  sendSupplement(id: CaseId): Promise<CaseView>;
  /** Training (sandbox): the scenario library. */
  trainingScenarios(): Promise<Scenario[]>;
  /** Begins a scenario for the signed-in trainee: a new case, recorded as a play. */
  trainingStart(scenario: string): Promise<TrainingPlay>;
  /** The scenario's citizen hands over the paper for line `document`; its pages go into the
   *  case's line `into` through the import (page checks and all). */
  trainingHandOver(id: CaseId, document: string, into: string): Promise<MaterialsView>;
  /** A play's score, once its case is decided. */
  trainingScore(id: CaseId): Promise<Score | null>;
  /** The signed-in trainee's plays. */
  trainingMyResults(): Promise<TrainingResult[]>;
  /** Every trainee's plays on this workstation (trainer role). */
  trainingResults(): Promise<TrainingResult[]>;
  /** Empties the training window (cases, pages, outbox); the scores stay. */
  trainingReset(): Promise<TrainingReset>;
  /** `person`'s report (培训成绩单, PDF) saved in the downloads folder; its path (trainer role). */
  trainingReport(person: string): Promise<string>;
}
