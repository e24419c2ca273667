/**
 * The jury's integrity review: pure rules that flag attempts and registrations worth a person's
 * look. A flag is a reason to check, never a verdict: every explanation says what may be innocent.
 */
import type { IndividualAward } from './prizes.js';

export const FLAG_KINDS = ['fastAttempt', 'sharedNetwork', 'registrationBurst', 'scoreJump', 'identicalAnswers', 'predictionOnly'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** What a contest configures about the review (contest setting `integrity`); every field has a default. */
export interface IntegritySettings {
  /** A submitted attempt faster than this per question is `fastAttempt`. */
  minSecondsPerQuestion: number;
  /** Registrations from one network (/24 IPv4, /64 IPv6) within the window that make `sharedNetwork`. */
  networkRegistrations: number;
  /** Attempts started from one network within the window that make `sharedNetwork`. */
  networkAttempts: number;
  networkWindowMinutes: number;
  /** Registrations with one phone, one full name, or one unit and source site within the window: `registrationBurst`. */
  burstSamePhone: number;
  burstSameName: number;
  burstSameUnitSource: number;
  burstWindowMinutes: number;
  /** A perfect attempt after a best of at most this percentage is `scoreJump`. */
  scoreJumpFromPercent: number;
  /** Attempts of different accounts with the same answers on at least this many questions: `identicalAnswers`. */
  identicalMinAnswers: number;
  /** A submitted attempt with at most this many answers is `predictionOnly`. */
  predictionOnlyMaxAnswers: number;
}

export const DEFAULT_INTEGRITY: IntegritySettings = {
  minSecondsPerQuestion: 3,
  networkRegistrations: 20,
  networkAttempts: 60,
  networkWindowMinutes: 60,
  burstSamePhone: 3,
  burstSameName: 10,
  burstSameUnitSource: 50,
  burstWindowMinutes: 60,
  scoreJumpFromPercent: 50,
  identicalMinAnswers: 5,
  predictionOnlyMaxAnswers: 2,
};

/** Network data (address, browser) is kept this many days after the contest closes, by default. */
export const DEFAULT_NETWORK_DATA_RETENTION_DAYS = 90;

/** The review's thresholds for a contest; contests saved before the setting existed get the defaults. */
export function integritySettings(contest: { integrity?: Partial<IntegritySettings> | undefined }): IntegritySettings {
  return { ...DEFAULT_INTEGRITY, ...contest.integrity };
}

/** The moment a contest's network data must be gone: `networkDataRetentionDays` after it closes. */
export function networkDataRetentionUntil(contest: { endsAt: string; networkDataRetentionDays?: number | undefined }): Date {
  const days = contest.networkDataRetentionDays ?? DEFAULT_NETWORK_DATA_RETENTION_DAYS;
  return new Date(Date.parse(contest.endsAt) + days * 86_400_000);
}

/** Browsers' user agents are long and say little more after this. */
export const USER_AGENT_MAX_LENGTH = 256;

export function truncateUserAgent(userAgent: string | undefined | null): string | null {
  const trimmed = userAgent?.trim();
  return trimmed ? trimmed.slice(0, USER_AGENT_MAX_LENGTH) : null;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * The network an address belongs to for the review: its /24 for IPv4 ("203.0.113.0/24"), its /64
 * for IPv6 ("2001:db8:0:1::/64"); an IPv4-mapped IPv6 address counts as IPv4. Null when it is not
 * an address (a test request, a unix socket).
 */
export function networkOf(ip: string): string | null {
  let address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) address = mapped[1]!;
  const v4 = IPV4.exec(address);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return null;
    return `${parts[0]}.${parts[1]}.${parts[2]}.0/24`;
  }
  const groups = ipv6Groups(address.replace(/%.*$/, ''));
  return groups ? `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64` : null;
}

/** The eight 16-bit groups of an IPv6 address, or null. */
function ipv6Groups(address: string): number[] | null {
  if (!/^[0-9a-f:]+$/.test(address) || address.length < 2) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (halves.length === 1 && head.length !== 8) return null;
  if (halves.length === 2 && head.length + tail.length > 7) return null;
  const all = [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => parseInt(g, 16));
}

/**
 * Which of `times` (ms, any order) fall in some window shorter than `windowMs` holding at least
 * `threshold` of them: the members of a burst.
 */
export function burstMembers(times: readonly number[], threshold: number, windowMs: number): boolean[] {
  const member = times.map(() => false);
  if (threshold < 1 || times.length < threshold) return member;
  const order = times.map((_, i) => i).sort((a, b) => times[a]! - times[b]!);
  let start = 0;
  let marked = -1; // positions in `order` up to here are already marked
  for (let end = 0; end < order.length; end++) {
    while (times[order[end]!]! - times[order[start]!]! >= windowMs) start++;
    if (end - start + 1 >= threshold) {
      for (let k = Math.max(start, marked + 1); k <= end; k++) member[order[k]!] = true;
      marked = end;
    }
  }
  return member;
}

/** A submitted attempt done faster than a person can read its questions. */
export function isFastAttempt(attempt: { durationMs: number; total: number }, settings: Pick<IntegritySettings, 'minSecondsPerQuestion'>): boolean {
  return attempt.total > 0 && attempt.durationMs < attempt.total * settings.minSecondsPerQuestion * 1000;
}

/** A perfect attempt after earlier attempts whose best was low: the key may have come from elsewhere. */
export function isScoreJump(
  attempt: { score: number; total: number },
  previousBestRatio: number | null,
  settings: Pick<IntegritySettings, 'scoreJumpFromPercent'>,
): boolean {
  return attempt.total > 0 && attempt.score === attempt.total && previousBestRatio !== null && previousBestRatio * 100 <= settings.scoreJumpFromPercent;
}

/** A submission that answers (almost) nothing: it only moves the tie-break figure. */
export function isPredictionOnly(answered: number, settings: Pick<IntegritySettings, 'predictionOnlyMaxAnswers'>): boolean {
  return answered <= settings.predictionOnlyMaxAnswers;
}

/** An attempt's answers as one comparable pattern: question and chosen bank option, by question. */
export function answerPattern(answers: Iterable<readonly [questionId: string, optionIndex: number]>): string {
  return [...answers]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([questionId, option]) => `${questionId}=${option}`)
    .join(',');
}

/** Groups of attempts sharing one pattern across at least two accounts (one account retrying is not a group). */
export function identicalAnswerGroups<T extends { attemptId: string; contestantId: string; pattern: string }>(attempts: readonly T[]): T[][] {
  const byPattern = new Map<string, T[]>();
  for (const attempt of attempts) {
    const group = byPattern.get(attempt.pattern);
    if (group) group.push(attempt);
    else byPattern.set(attempt.pattern, [attempt]);
  }
  return [...byPattern.values()].filter((group) => new Set(group.map((a) => a.contestantId)).size >= 2);
}

/** Vietnamese explanations, one per kind, with what may make the flag innocent. */
export function explainFlag(kind: FlagKind, details: Record<string, unknown>, settings: IntegritySettings): string {
  switch (kind) {
    case 'fastAttempt':
      return `Lượt thi được nộp quá nhanh: ${details.score}/${details.total} câu trong ${formatSeconds(Number(details.durationMs))}, dưới mức tối thiểu ${settings.minSecondsPerQuestion} giây mỗi câu. Có thể bài được làm bằng công cụ tự động hoặc đã biết trước đáp án.`;
    case 'sharedNetwork':
      return `Có ${details.count} ${details.what === 'attempts' ? 'lượt thi' : 'lượt đăng ký'} từ cùng một mạng (${details.network}) trong vòng ${settings.networkWindowMinutes} phút. Điều này có thể hoàn toàn hợp lệ (phòng máy của trường, cơ quan dùng chung một địa chỉ), cần đối chiếu thêm trước khi kết luận.`;
    case 'registrationBurst':
      return `Đăng ký dồn dập: ${details.count} tài khoản có cùng ${BURST_KEYS[details.key as keyof typeof BURST_KEYS] ?? 'đặc điểm'} trong vòng ${settings.burstWindowMinutes} phút. Có thể là tài khoản lập ra hàng loạt; cũng có thể là một đơn vị đăng ký hộ cho thành viên.`;
    case 'scoreJump':
      return `Điểm tăng vọt: các lượt trước cao nhất chỉ ${formatPercent(Number(details.previousBestRatio))} số câu, rồi đạt trọn điểm ${details.score}/${details.total}. Có thể đáp án được dò bằng các tài khoản khác; cũng có thể thí sinh đã ôn tập kỹ.`;
    case 'identicalAnswers':
      return `${details.accounts} tài khoản nộp bài có cùng câu hỏi và cùng phương án chọn trên ${details.answered} câu${details.allCorrect ? ' (đều đúng; nếu ngân hàng câu hỏi nhỏ, trùng nhau có thể do tình cờ)' : ', kể cả các câu sai'}. Có thể các bài được làm chung hoặc chép đáp án của nhau.`;
    case 'predictionOnly':
      return `Lượt thi chỉ trả lời ${details.answered} câu nhưng vẫn nộp kèm dự đoán ${details.prediction ?? '—'}. Có thể tài khoản được lập chỉ để làm lệch con số của câu hỏi phụ.`;
  }
}

const BURST_KEYS = { phone: 'số điện thoại', name: 'họ và tên', unitSource: 'đơn vị và trang nguồn' } as const;

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} mili giây` : `${(ms / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây`;
}

function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** The prize winners who carry a flag, each with the kinds of their flags. */
export function flaggedWinners(flags: readonly { contestantId: string; kind: FlagKind }[], winners: readonly IndividualAward[]) {
  const kindsOf = new Map<string, Set<FlagKind>>();
  for (const flag of flags) {
    let kinds = kindsOf.get(flag.contestantId);
    if (!kinds) kindsOf.set(flag.contestantId, (kinds = new Set()));
    kinds.add(flag.kind);
  }
  return winners
    .filter((w) => kindsOf.has(w.contestantId))
    .map((w) => ({ contestantId: w.contestantId, name: w.name, unit: w.unit, prize: w.prize, rank: w.rank, kinds: [...kindsOf.get(w.contestantId)!] }));
}

/** The review as the jury reads it: the flags, how many of each kind, and the thresholds they were found with. */
export function integrityReview<F extends { kind: FlagKind }>(flags: F[], thresholds: IntegritySettings) {
  const counts = Object.fromEntries(FLAG_KINDS.map((kind) => [kind, 0])) as Record<FlagKind, number>;
  for (const flag of flags) counts[flag.kind]++;
  return { flags, counts, thresholds };
}

// ——— From the review's reads to its flags: the same for every store ———

/** One reason to look at a contestant, as the review answers it. */
export interface IntegrityFlag {
  kind: FlagKind;
  contestantId: string;
  contestantName: string;
  unit: string;
  attemptIds: string[];
  explanation: string;
  details: Record<string, unknown>;
}

/** A reason found by one rule before the contestant's name and unit are looked up. */
export interface IntegrityFinding {
  kind: FlagKind;
  contestantId: string;
  /** The attempts the reason is about; null: the contestant's counting attempts. */
  attemptIds: string[] | null;
  details: Record<string, unknown>;
}

/** Counting attempts (not auto-submitted) read as candidates: those faster than the rule allows. */
export function fastAttemptFindings(
  rows: readonly { id: string; contestantId: string; score: number; total: number; durationMs: number }[],
  settings: IntegritySettings,
): IntegrityFinding[] {
  return rows
    .filter((row) => isFastAttempt(row, settings))
    .map((row) => ({ kind: 'fastAttempt', contestantId: row.contestantId, attemptIds: [row.id], details: { score: row.score, total: row.total, durationMs: row.durationMs } }));
}

/** The registrations (`attemptId` null) or attempts of one network: those in a burst of at least `threshold` within the window. */
export function sharedNetworkFindings(
  what: 'registrations' | 'attempts',
  network: string,
  rows: readonly { contestantId: string; attemptId: string | null; ip: string | null; at: string }[],
  threshold: number,
  windowMs: number,
): IntegrityFinding[] {
  const inBurst = burstMembers(rows.map((r) => Date.parse(r.at)), threshold, windowMs);
  const burst = rows.filter((_, i) => inBurst[i]);
  if (burst.length === 0) return [];
  const addresses = new Set(burst.map((r) => r.ip)).size;
  return burst.map((row) => ({
    kind: 'sharedNetwork',
    contestantId: row.contestantId,
    attemptIds: row.attemptId ? [row.attemptId] : null,
    details: { what, network, count: burst.length, addresses },
  }));
}

/** The registrations sharing one `key` (contestant id, registered at): those in a burst of at least `threshold` within the window. */
export function registrationBurstFindings(
  key: 'phone' | 'name' | 'unitSource',
  members: readonly (readonly [contestantId: string, at: string])[],
  threshold: number,
  windowMs: number,
): IntegrityFinding[] {
  const inBurst = burstMembers(members.map(([, at]) => Date.parse(at)), threshold, windowMs);
  const burst = members.filter((_, i) => inBurst[i]);
  return burst.map(([contestantId]) => ({ kind: 'registrationBurst', contestantId, attemptIds: null, details: { key, count: burst.length } }));
}

/** Perfect counting attempts with the contestant's best earlier ratio: those that jumped. */
export function scoreJumpFindings(
  rows: readonly { id: string; contestantId: string; score: number; total: number; previousBestRatio: number | null }[],
  settings: IntegritySettings,
): IntegrityFinding[] {
  return rows
    .filter((row) => isScoreJump(row, row.previousBestRatio, settings))
    .map((row) => ({
      kind: 'scoreJump',
      contestantId: row.contestantId,
      attemptIds: [row.id],
      details: { score: row.score, total: row.total, previousBestRatio: row.previousBestRatio },
    }));
}

/** Groups of attempts of different accounts with one answer pattern: every member is flagged, the group named by its first attempt id. */
export function identicalAnswerFindings(
  groups: readonly { answered: number; allCorrect: boolean; members: readonly { attemptId: string; contestantId: string }[] }[],
): IntegrityFinding[] {
  const findings: IntegrityFinding[] = [];
  for (const group of groups) {
    const accounts = new Set(group.members.map((m) => m.contestantId)).size;
    // A short stable name for the group, so rows of one group can be shown together.
    const groupId = group.members.map((m) => m.attemptId).sort()[0];
    for (const member of group.members) {
      findings.push({
        kind: 'identicalAnswers',
        contestantId: member.contestantId,
        attemptIds: [member.attemptId],
        details: { group: groupId, accounts, answered: group.answered, allCorrect: group.allCorrect },
      });
    }
  }
  return findings;
}

/** Counting attempts (not auto-submitted) with how many questions they answered: those that answered (almost) nothing. */
export function predictionOnlyFindings(
  rows: readonly { id: string; contestantId: string; answered: number; prediction: number | null }[],
  settings: IntegritySettings,
): IntegrityFinding[] {
  return rows
    .filter((row) => isPredictionOnly(row.answered, settings))
    .map((row) => ({ kind: 'predictionOnly', contestantId: row.contestantId, attemptIds: [row.id], details: { answered: row.answered, prediction: row.prediction } }));
}

/**
 * One flag per kind and contestant, with the contestant's name, unit and attempts (`people`, by
 * contestant id; a finding about someone absent is dropped): by kind (in FLAG_KINDS order), the
 * members of one group of identical answers together, then by name.
 */
export function integrityFlags(
  findings: readonly IntegrityFinding[],
  people: ReadonlyMap<string, { fullName: string; unitName: string; countingAttemptIds: string[] }>,
  settings: IntegritySettings,
): IntegrityFlag[] {
  const merged = new Map<string, { finding: IntegrityFinding; attemptIds: Set<string> | null; occurrences: number }>();
  for (const finding of findings) {
    const key = `${finding.kind}\u0000${finding.contestantId}`;
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { finding, attemptIds: finding.attemptIds ? new Set(finding.attemptIds) : null, occurrences: 1 });
      continue;
    }
    seen.occurrences++;
    if (finding.attemptIds) for (const id of finding.attemptIds) (seen.attemptIds ??= new Set()).add(id);
  }
  const flags: IntegrityFlag[] = [];
  for (const { finding, attemptIds, occurrences } of merged.values()) {
    const person = people.get(finding.contestantId);
    if (!person) continue;
    const details = occurrences > 1 ? { ...finding.details, occurrences } : finding.details;
    flags.push({
      kind: finding.kind,
      contestantId: finding.contestantId,
      contestantName: person.fullName,
      unit: person.unitName,
      attemptIds: attemptIds ? [...attemptIds].sort() : person.countingAttemptIds,
      explanation: explainFlag(finding.kind, details, settings),
      details,
    });
  }
  const kindOrder = new Map(FLAG_KINDS.map((kind, i) => [kind, i]));
  const groupOf = (f: IntegrityFlag) => String(f.details.group ?? '');
  return flags.sort(
    (a, b) =>
      kindOrder.get(a.kind)! - kindOrder.get(b.kind)! ||
      groupOf(a).localeCompare(groupOf(b)) ||
      a.contestantName.localeCompare(b.contestantName, 'vi') ||
      (a.contestantId < b.contestantId ? -1 : a.contestantId > b.contestantId ? 1 : 0),
  );
}
