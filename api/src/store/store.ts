import type { Attempt, AttemptQuestion } from '../db/attempts.js';
import type { AccessCode, AdminRole, AdminToken, AuditEntry, HostScope } from '../db/admin.js';
import type { Question, SavedQuestion } from '../db/contests.js';
import type { ExclusionKind, ExclusionList } from '../domain/exclusions.js';
import type { UnitRemoval, UnitSave } from '../domain/row-edits.js';
import type { RowError, ValidQuestion } from '../domain/questions.js';
import type { RoundProblem } from '../domain/rounds.js';
import type { Contestant } from '../db/contestants.js';
import type { IssueOutcome } from '../db/phone-codes.js';
import type { ChallengeProblem } from '../domain/challenge.js';
import type { Contest } from '../domain/contest.js';
import type { Round } from '../domain/rounds.js';
import type { PhoneCodeProblem } from '../domain/phone-code.js';
import type { DataRequest, PersonalDataPurgeCounts, StoredPersonalData } from '../db/personal-data.js';
import type { PublishedResults } from '../db/results.js';
import type { ContestStats } from '../db/stats.js';
import type { FlagKind } from '../domain/integrity.js';
import type { HeadcountMissing, Results } from '../domain/results.js';
import type { TreeUnit as Unit, UnitCount, UnitTotals } from '../domain/units.js';
import type { ContestCounts } from '../domain/prediction.js';
import type { PublishableEntry } from '../db/rankings.js';
import type { WinnerContact } from '../domain/winners.js';
import type { z } from 'zod';
import type { BulkVoided, HostParticipation, IntegrityReview } from '../contract/admin.js';
import type { computeResultsSchema, dataRequestAnswerSchema, rankingExportQuerySchema, winnersQuerySchema } from '../contract/admin.js';
import type { RankedEntry } from '../db/rankings.js';
import type { AttemptsJob, ContestantsJob, ExportJob } from '../exports/jobs.js';
import type { AttemptRecord, ContestantRecord, PrizeOfPlace } from '../exports/rules.js';
import type { ExportFormat, Pages } from '../exports/sheet.js';
import type { dataRequestCreateSchema, saveAnswersSchema, signInSchema, startAttemptSchema, submitAttemptSchema } from '../contract/contestant.js';
import type { RetentionReason } from '../domain/data-rights.js';
import type { RoundStats } from '../contract/rounds.js';
import type { RegradeOutcome } from '../db/regrade.js';
import type { ClaimedDelivery, TryOutcome, WebhookDelivery, WebhookEndpoint } from '../db/webhooks.js';
import type { WebhookEvent } from '../domain/webhooks.js';
import type { DrawnQuestion } from '../db/learning.js';
import type { PracticeVerdict } from '../domain/learning.js';
import type { certificateExportQuerySchema, practiceCheckSchema } from '../contract/learning.js';
import type { CertificateHolder, CertificateListRow, StoredCertificate } from '../db/certificates.js';

/**
 * What the routes ask of storage, one function per use case (decision 0043). Each use case owns
 * its transaction, its audit and webhook records and the finalisation of overdue attempts it needs;
 * it answers plain values (domain records, outcomes to map onto HTTP), never a database handle.
 * Async throughout, so that a store over a database server implements the same interface.
 *
 * The interface grows by use-case groups (`store.attempts`, `store.contestants`, `store.contests`, `store.results`,
 * `store.stats`, `store.personalData`, later `store.exports`…); a group is added whole when its routes move onto it.
 */
export interface Store {
  accessCodes: AccessCodeStore;
  contestants: ContestantStore;
  attempts: AttemptStore;
  results: ResultsStore;
  stats: StatsStore;
  personalData: PersonalDataStore;
  contests: ContestReadStore;
  webhooks: WebhookStore;
  corrections: CorrectionStore;
  contestantAccounts: ContestantAccountStore;
  setup: SetupStore;
  exports: ExportStore;
  integrity: IntegrityStore;
  consoleViews: ConsoleViewStore;
  learning: LearningStore;
  certificates: CertificateStore;
  /**
   * Runs a request's handling and resolves once what it wrote is durable: on SQLite after the
   * commit group it joined (decision 0015), throwing that group's storage error (503) if it failed;
   * on PostgreSQL each use case has committed before it answers, so this only runs `handle`.
   */
  durably(handle: () => Promise<void>): Promise<void>;
}

/**
 * The contestant's journey (`contestants`, `attempts`, the public reads `contests`).
 */
export type JourneyStore = Pick<Store, 'contestants' | 'attempts' | 'contests'>;

/**
 * What every store implements, so what a server on PostgreSQL serves (decision 0045): the routes
 * over these groups; the others are SQLite's alone until the PostgreSQL store catches up, and a
 * server on PostgreSQL answers them 501 NOT_IMPLEMENTED (`http/portable.ts`).
 */
export type PortableStore = Pick<
  Store,
  'accessCodes' | 'contestants' | 'attempts' | 'contests' | 'results' | 'stats' | 'personalData' | 'webhooks' | 'corrections' | 'contestantAccounts' | 'setup' | 'exports' | 'integrity' | 'consoleViews' | 'learning' | 'certificates' | 'durably'
>;

export type { Attempt, AttemptQuestion, Contestant, DataRequest, HeadcountMissing, Results, StoredPersonalData };

/**
 * A request's body, read when the use case asks for it: after the checks that answer before the
 * body is read (an unknown contest, another person's attempt), so a refusal does not depend on
 * what was sent, and before the write, whose clock the deadline is compared with (SPEC §3.1
 * "Time"). It throws the route's own refusal (415, 400) for a body that is not acceptable.
 */
export type ReadBody<T> = () => Promise<T>;

/** What the request says of the client, kept with a registration or an attempt (decision 0026). */
export interface Client {
  ip: string;
  userAgent: string | undefined;
  /** The Origin header: the host site when the body names none (widget `source`). */
  origin: string | undefined;
}

/** No such contest, round, question or contestant (of that contest) or attempt, or (`attempt`) another person's: as good as missing. */
export type NotFound = { kind: 'notFound'; what: 'contest' | 'round' | 'question' | 'attempt' | 'contestant' };

/** Field → message (Vietnamese, naming the field), for a 400 VALIDATION. */
export type FieldProblems = Record<string, string>;

// ——— access codes (the organisers', jury's and host sites' codes) ———

export interface AccessCodeStore {
  /** Whoever an access code belongs to, whatever its role; null for none or a revoked one. */
  byToken(token: string): Promise<AdminToken | null>;
  /**
   * Access codes, oldest first, never their values (only hashes are stored): without the command
   * line's revoked short-lived codes, unless `all`.
   */
  list(all: boolean): Promise<AccessCode[]>;
  /** Stores code `token` (a `host` code with its scope), audited `token.create` by `actor`. */
  create(token: string, code: NewAccessCode, actor: string): Promise<AccessCode | NotFound>;
  /**
   * Revokes code `id`, audited `token.revoke`; a revoked code answers as it is. The last active
   * organiser code is never revoked (decision 0033): nobody could manage the contest any more.
   */
  revoke(id: number, actor: string): Promise<AccessCode | { kind: 'notFound'; what: 'accessCode' } | { kind: 'lastOrganiser'; name: string }>;
  /** Revokes every active code named `name` (the command line's `token revoke`), audited when there was one; answers how many. */
  revokeNamed(name: string, actor: string): Promise<number>;
  /**
   * A code that exists only while one command of the command line runs (cli/organiser-session.ts),
   * named after who ran it, not audited (what the command does is): `end` revokes it.
   */
  commandLineCode(token: string, actor: string): Promise<{ end(): Promise<void> }>;
}

/** What a new access code is: its holder's name, role and, for a `host` code, its contest and source host. */
export interface NewAccessCode {
  name: string;
  role: AdminRole;
  scope: HostScope | null;
}

// ——— corrections (decision 0024): regrades, voids, extra tries ———

/**
 * The jury's corrections, each audited with the actor: a regrade after an answer key changed, an
 * attempt voided after a documented fault, extra tries granted to a contestant.
 */
export interface CorrectionStore {
  /**
   * Scores every submitted attempt of contest `slug` again against the key as it stands (overdue
   * attempts finalised first), with the maintained figures and the ranking, and marks published
   * results outdated when a score changed; audited `contest.regrade`. A dry run answers the same
   * and keeps nothing.
   */
  regrade(slug: string, dryRun: boolean, actor: string): Promise<RegradeOutcome | NotFound>;
  /** Voids attempt `id` with `reason`, audited `attempt.void` with the attempt as it was; its figures follow. */
  voidAttempt(id: string, reason: string, actor: string): Promise<{ before: Attempt; after: Attempt } | NotFound | { kind: 'alreadyVoided' }>;
  /** Gives contestant `id` of contest `slug` `attempts` more tries, audited `contestant.grant` with `reason`; answers them with the tries they have used. */
  grant(slug: string, id: string, attempts: number, reason: string, actor: string): Promise<{ contestant: Contestant; attemptsUsed: number } | NotFound>;
}

// ——— contestants' accounts: remedies the organisers apply after checking who the person is ———

/**
 * Remedies for a contestant's account that only the organisers apply, after checking who the
 * person is offline, each audited with the actor and without the ID number in clear.
 */
export interface ContestantAccountStore {
  /**
   * Releases registration `id` of contest `slug` whose ID number someone else took (db/contestant-accounts.ts
   * `releaseContestant`): its attempts voided with `reason` (their figures follow), its sessions
   * ended, its ID number replaced by a placeholder and its sign-in failures cleared; audited `contestant.release`.
   */
  release(slug: string, id: string, reason: string, actor: string): Promise<Release>;
  /**
   * Changes the phone of contestant `id` of contest `slug` to `phone` (normalised), unless it is on
   * the contest's exclusion list; audited `contestant.phone` with both numbers masked.
   */
  changePhone(slug: string, id: string, phone: string, reason: string, actor: string): Promise<PhoneChange>;
}

export type Release =
  | NotFound
  | { kind: 'alreadyReleased' }
  | { kind: 'released'; releasedAt: string; voidedAttempts: number; endedSessions: number };

export type PhoneChange = NotFound | { kind: 'excluded' } | { kind: 'released' } | { kind: 'same' } | { kind: 'changed'; before: string };

// ——— the jury's integrity review (decision 0020) ———

/** The jury's integrity review of a contest and the organisers' bulk void from it. */
export interface IntegrityStore {
  /**
   * Every flag of contest `slug` (domain/integrity.ts: the same reads turned into flags by the same
   * rules), with how many of each kind and the contest's thresholds they were found with.
   */
  review(slug: string): Promise<IntegrityReview | NotFound>;
  /**
   * Voids attempts `attemptIds` of contest `slug` with `reason` in one transaction, audited once
   * `attempts.void.bulk`; those voided before are answered, not voided again. When one is not an
   * attempt of the contest nothing is voided and they are answered (`unknown`, in request order).
   */
  voidAttempts(slug: string, attemptIds: readonly string[], reason: string, actor: string): Promise<BulkVoided | NotFound | { kind: 'unknown'; attemptIds: string[] }>;
}

// ——— the console's own views ———

/** What the organisers' console reads beyond the export files. */
export interface ConsoleViewStore {
  /**
   * The first `limit` places of contest `slug`'s overall ranking (with rounds, by its
   * `roundsRanking`), exact, overdue attempts finalised first; with the figure predictions are
   * judged against and how many took part.
   */
  ranking(slug: string, limit: number): Promise<NotFound | { kind: 'ranking'; contest: Contest; actual: number; participants: number; entries: RankedEntry[] }>;
  /**
   * What the organisers' printable report shows of contest `slug`: the published results, else a
   * fresh computation (overdue attempts finalised first; domain/results.ts `reportResults`), with
   * the participation figures and the units with their counts.
   */
  report(slug: string): Promise<NotFound | ReportRead>;
}

export interface ReportRead {
  kind: 'report';
  contest: Contest;
  published: PublishedResults<Results> | null;
  results: Results;
  /** The collective prizes could not be computed: these competing units' headcounts are missing. */
  collectiveBlocked: HeadcountMissing | null;
  stats: ContestStats;
  units: Unit[];
  unitCounts: UnitCount[];
}

// ——— webhooks (decision 0040) ———

/** No such endpoint in the contest, or no such delivery of the endpoint. */
export type WebhookNotFound = { kind: 'notFound'; what: 'webhook' | 'delivery' };

/**
 * A contest's webhook endpoints and their delivery log, for the console (each change audited, the
 * secret answered only by `create`), and the outbox the delivery worker sends (`outbox`).
 */
export interface WebhookStore {
  list(slug: string): Promise<WebhookEndpoint[]>;
  /** Registers an endpoint with its secret, audited `webhook.create` (never the secret); at most `max` per contest. */
  create(slug: string, endpoint: NewWebhookEndpoint, max: number, actor: string): Promise<WebhookEndpoint | { kind: 'tooMany' }>;
  /** Deletes an endpoint and its delivery log (pending deliveries are never sent), audited `webhook.delete`. */
  remove(slug: string, id: string, actor: string): Promise<WebhookEndpoint | WebhookNotFound>;
  /** An endpoint's latest `limit` deliveries, newest first. */
  deliveries(slug: string, id: string, limit: number): Promise<WebhookDelivery[] | WebhookNotFound>;
  /** "Gửi lại" (db/webhooks.ts `retryWebhookDelivery`), audited `webhook.retry`. */
  retry(slug: string, id: string, deliveryId: string, actor: string): Promise<WebhookDelivery | WebhookNotFound>;
  outbox: WebhookOutbox;
}

export interface NewWebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
}

/**
 * What the delivery worker (webhooks/delivery.ts) asks of storage. A claim is committed (durable)
 * before it answers, so nothing is sent that a crash could take back, and it leases its rows so
 * two workers (two processes on one SQLite file, or nodes on one PostgreSQL database) never send
 * the same delivery at once.
 */
export interface WebhookOutbox {
  /** Writes `round.closed` for every round closed by `now` and not announced yet, once each whichever worker gets there first. */
  announceClosedRounds(now: Date): Promise<number>;
  /** Whether any delivery on an enabled endpoint is due at `now` (the idle check: a read, no lock). */
  anyDue(now: Date): Promise<boolean>;
  /** Takes up to `limit` due deliveries, each for `leaseMs`. */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records one try: delivered, due again after a back-off, or given up; disables (audited) an endpoint that kept failing. */
  recordTry(claimed: ClaimedDelivery, outcome: TryOutcome, now: Date, random: number): Promise<{ disabled: boolean }>;
  /** Forgets delivered and given-up deliveries created before `before`. */
  prune(before: Date): Promise<number>;
}

// ——— setup (the organisers' console: a contest's configuration, questions, units, exclusion list; the audit log) ———

/**
 * What organisers prepare before and during a contest (decision 0047). Every write is one
 * transaction with its audit entry (by `by`, the code's name); the refusals that depend on what
 * others write meanwhile (registrations, attempts) are read in the write's transaction, their
 * rules in domain/ (`roundChangeProblems`, `unitTreeProblems`). Uploads are parsed by the routes:
 * a use case that needs a body reads it (`ReadBody`, or a function of what it checks against)
 * after the contest is found and before its transaction.
 */
export interface SetupStore {
  /** Every contest, latest start first. */
  contests(): Promise<Contest[]>;
  /** The contest `slug` names, as stored now, or null. */
  contest(slug: string): Promise<Contest | null>;
  /**
   * Creates or replaces a contest (its privacy notice's version is the store's, decision 0027);
   * attempts running past a new end are shortened to it, and a new ranking order rebuilds the
   * standings (decision 0011). Refused while it drops an occupation a registration uses, or changes
   * a round that has attempts (decision 0041).
   */
  saveContest(contest: Contest, by: string): Promise<SavedContest>;
  /** The contest's questions in bank order, the retired ones too when asked. */
  questions(slug: string, includeRetired: boolean): Promise<NotFound | { kind: 'questions'; questions: readonly Question[] }>;
  /**
   * Adds questions, or replaces those whose id exists (back in use if retired). `read` gets the
   * questions in use (what an import is checked against) and answers the checked questions, or
   * throws the route's refusal. `affectedAttempts`: submitted attempts a replaced key or options
   * would score differently until a regrade.
   */
  importQuestions(slug: string, by: string, read: (inUse: readonly Question[]) => Promise<SavedQuestion[]>): Promise<QuestionsImport>;
  /**
   * Edits question `id` with the checked body (`edit`, read once the question is found). Once the
   * contest has attempts, a question keeps its number of options (`optionCount`).
   */
  editQuestion(slug: string, id: string, by: string, edit: ReadBody<ValidQuestion>): Promise<QuestionEdit>;
  /** Takes question `id` out of use (drawn no more; attempts that drew it keep it). */
  retireQuestion(slug: string, id: string, by: string): Promise<NotFound | { kind: 'retired'; question: Question }>;
  /** The contest's units in their order. */
  units(slug: string): Promise<NotFound | { kind: 'units'; units: Unit[] }>;
  /**
   * Replaces the unit tree with `read`'s units (`rows`: their rows in an uploaded file), refused
   * when the tree is not sound or drops a unit a registration uses (`unitTreeProblems`).
   */
  replaceUnits(slug: string, by: string, read: ReadBody<{ units: Unit[]; rows?: number[] }>): Promise<UnitsReplace>;
  /** The exclusion list (ID numbers and phones: personal data), its read audited (`read.exclusions`, by `reader`). */
  exclusions(slug: string, reader: string): Promise<NotFound | { kind: 'exclusions'; exclusions: ExclusionList }>;
  /** Replaces the exclusion list; who was or now is excluded stops or starts counting at once. */
  replaceExclusions(slug: string, by: string, read: ReadBody<ExclusionList>): Promise<NotFound | { kind: 'replaced'; exclusions: ExclusionList }>;
  /**
   * One unit created or replaced (by its id) in the tree as the import would check it (domain
   * `unitSaved`), audited `unit.create` or `unit.update` with the unit before and after.
   */
  saveUnit(slug: string, unit: Unit, by: string): Promise<NotFound | UnitSave>;
  /**
   * Deletes a contest made by mistake or for a rehearsal (decision 0033) with every row that names
   * it and its contestants' sessions, audited `contest.delete` with the contest as it was; never
   * one with an attempt. Answers the rows removed per table.
   */
  deleteContest(slug: string, by: string): Promise<NotFound | { kind: 'hasAttempts'; contest: Contest } | { kind: 'deleted'; contest: Contest; removed: Record<string, number> }>;
  /** One unit taken out (domain `unitRemoved`), audited `unit.delete`. */
  removeUnit(slug: string, id: string, by: string): Promise<NotFound | UnitRemoval>;
  /** One entry (normalised) added to an exclusion list, audited `exclusion.add` masked; answers the list. */
  addExclusion(slug: string, kind: ExclusionKind, value: string, by: string): Promise<NotFound | { kind: 'tooMany'; max: number } | { kind: 'present' | 'added'; list: ExclusionList }>;
  /** One entry taken out of an exclusion list, audited `exclusion.remove` masked; answers the list. */
  removeExclusion(slug: string, kind: ExclusionKind, value: string, by: string): Promise<NotFound | { kind: 'absent' } | { kind: 'removed'; list: ExclusionList }>;
  /** The audit log, newest first, `limit` entries before entry `before` (keyset pages); entries about a contestant name them, masked. */
  audit(limit: number, before: number | null): Promise<AuditEntry[]>;
}

export type SavedContest =
  /** Occupations registrations use that the contest would drop. */
  | { kind: 'occupationsInUse'; dropped: string[] }
  /** Changes to rounds that have attempts, one problem per refused row. */
  | { kind: 'roundsInUse'; problems: RoundProblem[] }
  | { kind: 'saved'; created: boolean; contest: Contest };

export type QuestionsImport = NotFound | { kind: 'imported'; imported: number; affectedAttempts: number };

export type QuestionEdit =
  | NotFound
  /** The contest has attempts: the question must keep `options` options. */
  | { kind: 'optionCount'; options: number }
  | { kind: 'edited'; question: Question; affectedAttempts: number };

export type UnitsReplace = NotFound | { kind: 'invalid'; problems: RowError[] } | { kind: 'replaced'; units: Unit[] };

// ——— contestants ———

export interface ContestantStore {
  /** The contestant a bearer token belongs to, with their contest's end (tokens expire after it); null for none. */
  byToken(token: string): Promise<{ contestant: Contestant; contestEndsAt: string } | null>;
  /** Registers in contest `slug` with a first token (SPEC §3 registration rules, decisions 0005, 0022, 0029). */
  register(slug: string, body: ReadBody<unknown>, client: Client): Promise<Registration>;
  /** Signs in with ID number, phone and birth date, with a new token; counts failures per ID number. */
  signIn(slug: string, body: ReadBody<z.output<typeof signInSchema>>): Promise<SignIn>;
  /** Ends the session of `token` if it is a session of contest `slug`; false when it is not one. */
  signOut(slug: string, token: string | null): Promise<boolean>;
  /**
   * Stores a new one-time code for `phone` in contest `slug` (decision 0022) unless the phone's
   * limits forbid one now: checked and written in one transaction, so every node agrees.
   */
  issuePhoneCode(slug: string, phone: string, code: string): Promise<IssueOutcome>;
  /** Takes back a code whose message could not be sent: it never existed, and does not count against the limits. */
  withdrawPhoneCode(id: string): Promise<void>;
}

export type Registration =
  | NotFound
  /** The contest has closed (at the first look, or by the time of the write). */
  | { kind: 'closed' }
  /** The body's shape or the registration rules refused these fields. */
  | { kind: 'invalid'; fields: FieldProblems }
  /** A member of the organisers, jury or secretariat (decision 0012). */
  | { kind: 'excluded' }
  /** The phone's one-time code was refused (decision 0022); the failure is counted. */
  | { kind: 'phoneCode'; problem: PhoneCodeProblem; failures: number }
  | { kind: 'duplicate' }
  | { kind: 'registered'; contestant: Contestant; token: string };

export type SignIn =
  | NotFound
  | { kind: 'signedIn'; contestant: Contestant; token: string; endedSessions: number }
  /** `keyHash` names the ID number in the operators' log without the number itself. */
  | { kind: 'mismatch'; keyHash: string; failures: number; blockedUntil: string | null }
  | { kind: 'blocked'; keyHash: string; retryAfterSeconds: number };

// ——— attempts ———

export interface AttemptStore {
  /** The caller's attempt, finalised first if it fell due; another person's attempt is as good as missing. */
  get(contestantId: string, attemptId: string): Promise<AttemptRead | NotFound>;
  /** Starts an attempt in contest `slug`, or resumes the one in progress. */
  start(contestant: Contestant, slug: string, body: ReadBody<z.output<typeof startAttemptSchema>>, client: Client): Promise<Start>;
  /** Merges answers (question id → shown option id, null clears) into the caller's open attempt. */
  save(contestantId: string, attemptId: string, body: ReadBody<z.output<typeof saveAnswersSchema>>): Promise<Save>;
  /** Submits the caller's attempt once; a repeat, or a submit past the deadline, answers it as it stands. */
  submit(contestantId: string, attemptId: string, body: ReadBody<z.output<typeof submitAttemptSchema>>): Promise<Submit>;
}

/** An attempt with what its view shows, as of `at`. */
export interface AttemptRead {
  kind: 'attempt';
  attempt: Attempt;
  questions: AttemptQuestion[];
  /** Saved answers: question id → bank option index. */
  saved: ReadonlyMap<string, number>;
  contest: Contest;
  at: Date;
}

export type Start =
  | NotFound
  | { kind: 'notOpen'; status: 'upcoming' | 'closed' }
  /** Between rounds: the contest is open but takes no attempt. */
  | { kind: 'noRound'; rounds: readonly Round[]; at: Date }
  | { kind: 'noQuestions' }
  | { kind: 'challenge'; problem: ChallengeProblem }
  /** No try left: in the round open now when `inRound`, else in the contest. */
  | { kind: 'limit'; inRound: boolean }
  | { kind: 'started'; attempt: Attempt; questions: AttemptQuestion[]; contest: Contest }
  | (Omit<AttemptRead, 'kind'> & { kind: 'resumed' });

export type Save =
  | NotFound
  /** Unknown questions or options, by field (`answers.<questionId>`). */
  | { kind: 'invalid'; fields: FieldProblems }
  /** The attempt was no longer open when the answers were written. */
  | { kind: 'closed' }
  | { kind: 'saved'; saved: number; at: Date };

export type Submit =
  | NotFound
  | { kind: 'invalid'; fields: FieldProblems }
  /** Scores wait for the contest's close: the attempt is received, its score withheld. */
  | { kind: 'received'; attempt: Attempt; contest: Contest }
  /** `rank`: the contestant's provisional rank when this attempt is their counting one, else null. */
  | { kind: 'submitted'; attempt: Attempt; contest: Contest; rank: number | null };

// ——— results (the organisers' prizes; the published results anyone may read) ———

/**
 * The prizes of a contest (`roundId` null) or of one of its rounds (decision 0041). Every use case
 * first finds the contest, then the round, answering `notFound` for either.
 */
export interface ResultsStore {
  /**
   * A dry run, or publishing (once, or again with `replace`) in one transaction with its audit
   * entry and its webhook event; flagged winners must be acknowledged first. Overdue attempts are
   * finalised before the computation.
   */
  compute(slug: string, roundId: string | null, request: ResultsRequest): Promise<ResultsOutcome>;
  /** The published results, as frozen at publication (marked `outdated` by a later regrade). */
  published(slug: string, roundId: string | null): Promise<NotFound | { kind: 'notPublished' } | { kind: 'published'; published: PublishedResults<Results> }>;
  /**
   * The winners' list for the secretariat: the published results when there are some (they are
   * what was announced), else a fresh computation; with the winners' contact details, whose read
   * is audited as a read of personal data by `reader` (who and how, not whom). `query` is read
   * after the contest and round are found.
   */
  winners(slug: string, roundId: string | null, reader: string, query: ReadBody<WinnersQuery>): Promise<Winners>;
}

/** The body of `POST …/results` once read (every field has its default), with who asks. */
export type ResultsRequest = NonNullable<z.output<typeof computeResultsSchema>> & { by: string };
export type WinnersQuery = z.output<typeof winnersQuerySchema>;

/** A prize winner who carries an integrity flag, with the kinds of their flags. */
export interface FlaggedWinner {
  contestantId: string;
  name: string;
  unit: string;
  prize: string;
  rank: number;
  kinds: FlagKind[];
}


export type ResultsOutcome =
  | NotFound
  /** The round has no prizes of its own. */
  | { kind: 'noRoundPrizes'; round: Round }
  | HeadcountMissing
  /** Publishing refused: these winners carry flags and `acknowledgeFlags` was not sent. */
  | { kind: 'flagged'; flagged: FlaggedWinner[] }
  /** Publishing refused: published already and `replace` was not sent. */
  | { kind: 'alreadyPublished' }
  | { kind: 'computed'; results: Results; flagged: FlaggedWinner[] }
  | { kind: 'published'; publishedAt: string; results: Results; flagged: FlaggedWinner[] };

export type Winners =
  | NotFound
  | HeadcountMissing
  | {
      kind: 'winners';
      /** The published results, or the computation made `at` when none were published. */
      results: Results;
      published: { publishedAt: string } | null;
      at: Date;
      /** The round's title, null for the contest's prizes. */
      round: string | null;
      format: WinnersQuery['format'];
      contacts: ReadonlyMap<string, WinnerContact>;
      /** Unit id → declared headcount. */
      headcounts: ReadonlyMap<string, number | null>;
    };

// ——— stats (the organisers' participation figures) ———

export interface StatsStore {
  /** A contest's participation figures: totals, by unit (with parents), occupation, site, day, score. Overdue attempts are finalised first. */
  contest(slug: string): Promise<NotFound | { kind: 'stats'; stats: ContestStatsResponse }>;
  /** One round's figures. Overdue attempts are finalised first. */
  round(slug: string, roundId: string): Promise<NotFound | { kind: 'stats'; stats: RoundStats }>;
  /**
   * What a host site's code sees (decision 0040): per day (Vietnam time), the registrations and the
   * attempts started that came from its source in its contest, and how many of those were submitted.
   * Counts only: no person, no score.
   */
  hostParticipation(scope: HostScope): Promise<HostParticipation['days']>;
}

/** What `GET /api/admin/contests/:slug/stats` answers (the console's dashboard reads it). */
export interface ContestStatsResponse extends Omit<ContestStats, 'byOccupation'> {
  byUnit: (Omit<UnitTotals, 'bestScoreSum'> & { averageScore: number | null })[];
  byOccupation: (ContestStats['byOccupation'][number] & { name: string })[];
  /** The contest's criterion for collective prizes, so the units chart compares what the prizes will. */
  collectiveCriterion: Contest['collectiveCriterion'];
}

// ——— personal data (the contestant's own: download, erasure, requests to the committee) ———

/**
 * A contestant's rights over their own data (SPEC §3.1 "Personal data", decision 0029). Each use
 * case first finds the contest (`notFound`), then, where it reads the body, reads it; the
 * contestant is the one the token named, already checked to be of contest `slug`.
 */
export interface PersonalDataStore {
  /** Everything stored about the contestant, as stored, with their contest, as of `at`. Overdue attempts of the contest are finalised first. */
  export(contestantId: string, slug: string): Promise<NotFound | NoContestant | { kind: 'data'; data: StoredPersonalData; contest: Contest; at: Date }>;
  /**
   * Erases the registration (decision 0029), keeping the tries used under a keyed hash of the ID
   * number, with its audit entry, in one transaction; when the registration must be kept for now,
   * erases nothing and opens an erasure request instead (one at a time, audited when opened).
   * `confirm` reads (and checks) the confirmation; overdue attempts are finalised after it.
   */
  erase(contestant: Contestant, slug: string, confirm: ReadBody<unknown>): Promise<Erasure>;
  /** Files a request to the committee, with its audit entry; refused while `limit` requests await an answer. */
  fileRequest(contestantId: string, slug: string, body: ReadBody<z.output<typeof dataRequestCreateSchema>>): Promise<FiledRequest>;
  /** The committee's list: every request of contest `slug`, newest first, with who filed it and their unit's name. */
  requests(slug: string): Promise<ListedDataRequest[]>;
  /** Answers open request `id` of contest `slug`, audited `dataRequest.answer` (naming the contestant); an answered one stays as it is. */
  answerRequest(slug: string, id: string, answer: DataRequestAnswer, actor: string): Promise<AnsweredRequest>;
  /**
   * Erases contest `slug`'s identity and contact data after its retention date (db/personal-data.ts
   * `purgePersonalData`), published winners keeping their names, audited `personalData.purge`; a dry
   * run counts the same and keeps nothing (and is not audited). Whether it is due is the caller's rule.
   */
  purge(slug: string, dryRun: boolean, actor: string): Promise<PersonalDataPurgeCounts>;
}

export type ListedDataRequest = DataRequest & { contestantName: string; unitName: string };
export type DataRequestAnswer = z.output<typeof dataRequestAnswerSchema>;
export type AnsweredRequest = { kind: 'noRequest' } | { kind: 'alreadyAnswered' } | { kind: 'answered'; request: DataRequest };

/** The registration is gone (erased, or purged) though the token was accepted a moment before. */
export type NoContestant = { kind: 'noContestant' };

export type Erasure =
  | NotFound
  | NoContestant
  /** Kept for now (`reason`); `request` is the erasure request open for the committee. */
  | { kind: 'retained'; reason: RetentionReason; request: DataRequest }
  | { kind: 'erased'; at: Date };

export type FiledRequest = NotFound | { kind: 'tooMany'; limit: number } | { kind: 'filed'; request: DataRequest };

// ——— contests (the public reads of a contest: its page, units, leaderboard, the contestant's own standing) ———

/**
 * What the public reads show (SPEC §3.1), read by the routes that keep serialised bodies
 * (`routes/contests.ts`): those take `version()` before a read and keep what they built until it
 * moves. The contest answered for a slug is the same object while it is unchanged (the bodies are
 * kept per contest object), a new one once it was edited.
 */
export interface ContestReadStore {
  /**
   * What may have changed: equal versions mean nothing a public read shows has changed since
   * (registrations, submissions, time-outs, contest, unit and result edits), by this process or
   * any other. Take it before reading what is kept under it: the read is then at least as new.
   */
  version(): Promise<ReadVersion>;
  /** The contest `slug` names, or null; the same object until it is changed. */
  contest(slug: string): Promise<Contest | null>;
  /** The contest with `version()` read along with it (one round trip where that matters), or null: for the reads that keep bodies. */
  versioned(slug: string): Promise<{ contest: Contest; version: ReadVersion } | null>;
  /** The contest an attempt belongs to (the CORS lookup of `/api/attempts/:id`), or null. */
  attemptContestSlug(attemptId: string): Promise<string | null>;
  /** The contest a practice set belongs to (`/api/practice/:id`), expired or not, or null. */
  practiceSetContestSlug(practiceSetId: string): Promise<string | null>;
  /** What the contest's page shows besides the contest: participation and publications. */
  figures(contest: Contest): Promise<ContestFigures>;
  /** The contest's units in their order. */
  units(contest: Contest): Promise<Unit[]>;
  /** Participation by unit, rolled up into grouping units. Overdue attempts are finalised first. */
  unitStats(slug: string): Promise<NotFound | { kind: 'unitStats'; units: UnitTotals[] }>;
  /** The contestant's attempts, tries and places (`GET …/me`). Overdue attempts of the contest are finalised first. */
  me(contestant: Contestant, slug: string): Promise<NotFound | MeRead>;
  /**
   * The overall ranking's figure and, unless `limit` is null, its first `limit` places (at most
   * 500) for the public board. Overdue attempts are finalised first; `version` is taken after that.
   */
  leaderboard(contest: Contest, limit: number | null): Promise<LeaderboardRead>;
  /** A contestant's counting attempt and place in the overall ranking, or null before any counts. */
  rankOf(contest: Contest, contestantId: string): Promise<Ranked | null>;
  /**
   * One round's figure (predictions judged against the round's own) and its first `limit` places
   * (at most 500), with the place of `contestantId` when given (null: none, or no counting attempt
   * in the round). Overdue attempts of the contest are finalised first.
   */
  roundLeaderboard(contest: Contest, round: Round, limit: number, contestantId: string | null): Promise<RoundLeaderboardRead>;
}

export interface RoundLeaderboardRead {
  actual: number;
  entries: PublishableEntry[];
  rank: number | null;
}

/** Compared with `===`: equal, nothing shown has changed. */
export type ReadVersion = string;

export interface Ranked {
  attemptId: string;
  rank: number;
}

export interface ContestFigures {
  counts: Readonly<ContestCounts>;
  /** When the contest's results were published, null before. */
  resultsPublishedAt: string | null;
  /** When each round's results were published, by round id (absent: not published). */
  roundsPublishedAt: ReadonlyMap<string, string>;
}

export interface MeRead {
  kind: 'me';
  contest: Contest;
  at: Date;
  /** The contestant's attempts, in the order they were started. */
  attempts: Attempt[];
  /** Their counting attempt and place; null before any counts, and while scores are withheld (`scoresVisible`). */
  best: Ranked | null;
  /** Per round of the contest, in order: tries used (those before an erasure included) and, once its scores may be seen, the place. */
  rounds: { round: Round; tries: number; ranked: Ranked | null }[];
}

export interface LeaderboardRead {
  /** Taken after the overdue attempts were finalised, before the ranking was read. */
  version: ReadVersion;
  actual: number;
  entries: PublishableEntry[] | null;
  /** When the first attempt in progress falls due (ms since the epoch; Infinity for none): the board must be read again by then. */
  dueAt: number;
}

// ——— learning (decision 0036: the answer page after the close, practice that never counts) ———

/**
 * What the learning routes read and write. Practice sets are kept apart from attempts (never in
 * what counts); the rules of what practice may draw and check are the domain's (`practicePool`,
 * `drawPractice`, `judgePractice`), the same on every store.
 */
export interface LearningStore {
  /**
   * What the answer page of contest `contest` shows may have changed when this moves (the figures'
   * version: counted attempts, voids, erasures, contest and question changes; never practice).
   * Overdue attempts are finalised first: one left open at the close counts as submitted.
   */
  answersVersion(contest: Contest): Promise<number>;
  /** Every question drawn for an attempt of the contest, in bank order, counted against the key as it is now. */
  drawnQuestions(contest: Contest): Promise<DrawnQuestion[]>;
  /**
   * Draws a practice set from the questions practice may use now and keeps it `PRACTICE_SET_TTL_MS`
   * (expired sets removed on the way). `body` is read once the contest is found.
   */
  startPractice(slug: string, body: ReadBody<unknown>): Promise<PracticeStart>;
  /** Checks one answer of practice set `setId` (unknown and expired alike: `gone`); `answer` is read once the set is found. */
  checkPractice(setId: string, answer: ReadBody<z.output<typeof practiceCheckSchema>>): Promise<{ kind: 'gone' } | PracticeVerdict<Question>>;
}

export type PracticeStart =
  | NotFound
  /** Practice offers nothing now; `message` says why (Vietnamese, naming the setting or the wait). */
  | { kind: 'unavailable'; message: string }
  | { kind: 'started'; id: string; contest: Contest; questions: { question: Question; optionOrder: number[] }[]; expiresAt: string };

// ——— certificates (decision 0037: of participation, checked by anyone, listed for the organisers) ———

/**
 * One certificate per contestant, issued on the first request; valid while its holder has a
 * counted attempt (submitted, not voided), read each time, never stored.
 */
export interface CertificateStore {
  /**
   * The contestant's certificate of contest `slug`, issued now if they have none (a code drawn
   * again if taken); `none` without a counted attempt. Overdue attempts are finalised first.
   */
  mine(contestantId: string, slug: string): Promise<NotFound | NoContestant | { kind: 'none' } | MyCertificateRead>;
  /** The certificate of `code` (normalised) with its holder and contest, while it is valid; else null. */
  check(code: string): Promise<{ certificate: StoredCertificate; holder: CertificateHolder; contest: Contest } | null>;
  /**
   * The contest's certificates by unit and name (of unit `unit` and the units under it, when the
   * query names one), the read audited `read.certificates` by `reader`. `query` is read once the
   * contest is found.
   */
  list(slug: string, reader: string, query: ReadBody<CertificateQuery>): Promise<NotFound | { kind: 'noUnit' } | CertificateList>;
}

export type CertificateQuery = z.output<typeof certificateExportQuerySchema>;

export interface MyCertificateRead {
  kind: 'certificate';
  certificate: StoredCertificate;
  /** The holder, who has a counted attempt. */
  holder: CertificateHolder & { participatedAt: string };
  contest: Contest;
  at: Date;
}

export interface CertificateList {
  kind: 'certificates';
  contest: Contest;
  query: CertificateQuery;
  rows: CertificateListRow[];
}

// ——— exports (the organisers' downloads: the ranking, every attempt, every contestant; decision 0048) ———

/**
 * What a download is made from; `exports/routes.ts` writes it with the rules of `exports/rules.ts`.
 * Each use case finds the contest (`notFound`), then reads the format (`ReadBody`: the route's 400),
 * finalises overdue attempts (ranking, attempts: the file shows them submitted) and records the
 * read of personal data by `reader` (`read.ranking`, `read.attempts`, `read.contestants`). Pages are
 * read one at a time, only when the writer asks for the next, so memory stays flat at millions of
 * rows; a download is not one snapshot (decision 0007).
 */
export interface ExportStore {
  ranking(slug: string, reader: string, format: ReadBody<RankingExportFormat>): Promise<NotFound | RankingDownload>;
  attempts(slug: string, reader: string, format: ReadBody<ExportFormat>): Promise<NotFound | ExportersBusy | FileDownload<AttemptRecord, AttemptsJob>>;
  contestants(slug: string, reader: string, format: ReadBody<ExportFormat>): Promise<NotFound | ExportersBusy | FileDownload<ContestantRecord, ContestantsJob>>;
}

export type RankingExportFormat = z.output<typeof rankingExportQuerySchema>['format'];

/** Every export worker of this server is busy (SQLite, exports/runner.ts): refused before anything is recorded. */
export type ExportersBusy = { kind: 'busy' };

export interface RankingDownload {
  kind: 'ranking';
  contest: Contest;
  format: RankingExportFormat;
  /** The time the overdue attempts were finalised at: the ranking is provisional until the contest closes. */
  at: Date;
  /** The figure predictions are judged against. */
  actual: number;
  /** The overall ranking (with rounds, by the contest's `roundsRanking`), page by page. */
  pages: Pages<RankedEntry>;
  /** The prize of a place: as published, else by the prize list (`prizeByPlace`). */
  prizeOf: PrizeOfPlace;
}

export interface FileDownload<R, J extends ExportJob = ExportJob> {
  kind: 'file';
  /** The file as plain data (contest, format, question ids in bank order, occupation names): the sheet is built from it. */
  job: J;
  at: Date;
  source: ExportSource<R>;
}

/**
 * The records' pages, read as the file is written (called once for the one sheet the writer
 * reads), or the file's bytes made elsewhere: on SQLite with a database file, by worker threads
 * with connections of their own (decision 0007), started on the first read of the body.
 */
export type ExportSource<R> =
  | { kind: 'pages'; pages: () => Pages<R> }
  | { kind: 'made'; body: (onError: (error: unknown) => void) => ReadableStream<Uint8Array> };
