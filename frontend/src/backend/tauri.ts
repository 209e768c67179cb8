// The Tauri implementation: the only code that reaches the Rust side.
import { commands, events } from './bindings';
import { askFirstScreen, type AskedFirstScreen } from './startup';
import { BackendError, type Backend, type CatalogInfo, type ErrorBody } from './types';

type Outcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: ErrorBody };

function unwrap<T>(r: Outcome<T>): T {
  if (r.status === 'ok') return r.data;
  throw new BackendError(r.error);
}

/** `early`: the first screen's data, already asked for (see `early.ts`); the first `firstScreen()`
 *  takes it, later ones ask again. */
export function createTauriBackend(early?: AskedFirstScreen): Backend {
  let asked = early;
  return {
    firstScreen: async () => {
      const answer = asked ?? askFirstScreen();
      asked = undefined;
      return unwrap(await answer);
    },
    status: () => commands.status(),
    onStatus: (cb) => events.statusChanged.listen((e) => cb(e.payload)),
    uiReady: (page) => commands.uiReady(page),
    session: async () => unwrap(await commands.authSession()),
    signIn: async (account, secret) => unwrap(await commands.authSignIn(account, secret)),
    signOut: async () => unwrap(await commands.authSignOut()),
    lock: async () => unwrap(await commands.authLock()),
    unlock: async (secret) => unwrap(await commands.authUnlock(secret)),
    touch: async () => {
      unwrap(await commands.authTouch());
    },
    onSession: (cb) => events.sessionChanged.listen((e) => cb(e.payload)),
    hallOverview: async () => unwrap(await commands.hallOverview()),
    hallAtRisk: async () => unwrap(await commands.hallAtRisk()),
    hallNow: async () => unwrap(await commands.hallNow()),
    hallFigures: async (from, to) => unwrap(await commands.hallFigures(from, to)),
    hallFiguresExport: async (from, to, format) => unwrap(await commands.hallFiguresExport(from, to, format)),
    hallMoveTicket: async (id, request) => unwrap(await commands.hallMoveTicket(id, request)),
    hallMoveCase: async (caseNumber, request) => {
      unwrap(await commands.hallMoveCase(caseNumber, request));
    },
    hallOpenDrafts: async () => unwrap(await commands.hallOpenDrafts()),
    ticketWindow: async () => unwrap(await commands.ticketWindow()),
    ticketSetup: async () => unwrap(await commands.ticketSetup()),
    ticketCallNext: async () => unwrap(await commands.ticketCallNext()),
    ticketCheckIn: async (id) => unwrap(await commands.ticketCheckIn(id)),
    ticketFinish: async () => unwrap(await commands.ticketFinish()),
    ticketRecall: async (id) => unwrap(await commands.ticketRecall(id)),
    ticketStart: async (id) => unwrap(await commands.ticketStart(id)),
    ticketNoShow: async (id) => unwrap(await commands.ticketNoShow(id)),
    ticketTransfer: async (id, request) => unwrap(await commands.ticketTransfer(id, request)),
    ticketPause: async (reason) => unwrap(await commands.ticketPause(reason)),
    ticketResume: async () => unwrap(await commands.ticketResume()),
    ratingRequest: async (ticket, cases) => unwrap(await commands.ratingRequest(ticket, cases)),
    ratingPending: async () => unwrap(await commands.ratingPending()),
    ratingSubmit: async (input) => {
      unwrap(await commands.ratingSubmit(input));
    },
    ratingSkip: async () => {
      unwrap(await commands.ratingSkip());
    },
    createCase: async (ticket) => unwrap(await commands.caseCreate(ticket)),
    addVisitItem: async (from) => unwrap(await commands.caseAddVisitItem(from)),
    openNotices: async (id) => unwrap(await commands.caseOpenNotices(id)),
    continueNotice: async (id, notice) => unwrap(await commands.caseContinueNotice(id, notice)),
    followPaper: async (id, text) => unwrap(await commands.caseFollowPaper(id, text)),
    owedCases: async (id) => unwrap(await commands.caseOwedCases(id)),
    takeOwed: async (id, accepted) => unwrap(await commands.caseTakeOwed(id, accepted)),
    startSupplement: async (caseNumber) => unwrap(await commands.resultsStartSupplement(caseNumber)),
    sendSupplement: async (id) => unwrap(await commands.caseSendSupplement(id)),
    trainingScenarios: async () => unwrap(await commands.trainingScenarios()),
    trainingStart: async (scenario) => unwrap(await commands.trainingStart(scenario)),
    trainingHandOver: async (id, document, into) => unwrap(await commands.trainingHandOver(id, document, into)),
    trainingScore: async (id) => unwrap(await commands.trainingScore(id)),
    trainingMyResults: async () => unwrap(await commands.trainingMyResults()),
    trainingResults: async () => unwrap(await commands.trainingResults()),
    trainingReset: async () => unwrap(await commands.trainingReset()),
    trainingReport: async (person) => unwrap(await commands.trainingReport(person)),
    shareVisitPages: async (id) => unwrap(await commands.materialsShareVisit(id)),
    updateCase: async (id, edit) => unwrap(await commands.caseUpdate(id, edit)),
    getCase: async (id) => unwrap(await commands.caseGet(id)),
    recentCases: async (limit) => unwrap(await commands.caseRecent(limit)),
    resumeCase: async () => unwrap(await commands.caseResume()),
    searchItems: async (query, limit) => unwrap(await commands.itemSearch(query, limit)),
    chooseItem: async (id, code) => unwrap(await commands.caseChooseItem(id, code)),
    answer: async (id, question, value) => unwrap(await commands.caseAnswer(id, question, value)),
    caseView: async (id) => unwrap(await commands.caseView(id)),
    catalogInfo: async () => unwrap(await commands.catalogInfo()),
    decide: async (id, decision) => unwrap(await commands.caseDecide(id, decision)),
    issuePaper: async (id) => unwrap(await commands.paperIssue(id)),
    issueVisitReceipt: async (id) => unwrap(await commands.paperVisitReceipt(id)),
    reprintPaper: async (paper) => unwrap(await commands.paperReprint(paper)),
    getPaper: async (paper) => unwrap(await commands.paperGet(paper)),
    listPapers: async (id) => unwrap(await commands.paperList(id)),
    printPaper: async (paper) => unwrap(await commands.paperPrint(paper)),
    materials: async (id) => unwrap(await commands.materialsGet(id)),
    markLine: async (id, line, mark) => unwrap(await commands.caseMarkLine(id, line, mark)),
    scan: async (id, line) => unwrap(await commands.materialsScan(id, line)),
    cancelScan: async () => unwrap(await commands.materialsCancelScan()),
    importFile: async (id, line, name, bytes) => unwrap(await commands.materialsImport(id, line, name, bytes)),
    rotatePage: async (id, page, deg) => unwrap(await commands.materialsRotatePage(id, page, deg)),
    deletePage: async (id, page) => unwrap(await commands.materialsDeletePage(id, page)),
    movePage: async (id, page, to) => unwrap(await commands.materialsMovePage(id, page, to)),
    acceptPage: async (id, page, reason) => unwrap(await commands.materialsAcceptPage(id, page, reason)),
    pageImage: async (id, page) => unwrap(await commands.materialsPageImage(id, page)),
    identityApply: async (id, readId, role) => unwrap(await commands.identityApply(id, readId, role)),
    identityLatest: async () => unwrap(await commands.identityLatest()),
    onCardRead: (cb) => events.cardRead.listen((e) => cb(e.payload)),
    identityGallery: async () => unwrap(await commands.identityGallery()),
    checkIdNumber: async (number) => unwrap(await commands.identityCheckNumber(number)),
    chipMrz: async (entry) => unwrap(await commands.identityChipMrz(entry)),
    simPresent: async (key) => {
      unwrap(await commands.identitySimPresent(key));
    },
    simRemove: async () => {
      unwrap(await commands.identitySimRemove());
    },
    outboxSummary: async () => unwrap(await commands.outboxSummary()),
    onOutbox: (cb) => events.outboxChanged.listen((e) => cb(e.payload)),
    onCatalog: (cb) => events.catalogChanged.listen((e) => cb(e.payload as CatalogInfo)),
    outboxList: async (limit) => unwrap(await commands.outboxList(limit)),
    outboxRetry: async (id) => unwrap(await commands.outboxRetry(id)),
    resultsList: async () => unwrap(await commands.resultsList()),
    resultsSummary: async () => unwrap(await commands.resultsSummary()),
    onResults: (cb) => events.resultsChanged.listen((e) => cb(e.payload)),
    resultsHandOut: async (n, c) => unwrap(await commands.resultsHandOut(n, c)),
  };
}
