import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { recordAudit, recordPersonalDataRead } from '../db/admin.js';
import { finaliseOverdueAttempts } from '../db/attempts.js';
import { listUnits } from '../db/contests.js';
import { unitCounts } from '../db/rankings.js';
import { overallRanking, type RankingSource } from '../db/rounds.js';
import { getPublishedResults, publishResults, winnerContacts } from '../db/results.js';
import { contestStatus, type Contest } from '../domain/contest.js';
import { awardCollectivePrizes, awardIndividualPrizes, unitsWithoutHeadcount, type CollectiveAward, type IndividualAward } from '../domain/prizes.js';
import { rollUpUnitStats, type UnitCount } from '../domain/units.js';
import { computeResultsSchema, winnersQuerySchema } from '../contract/admin.js';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import { ApiError } from '../http/errors.js';
import { workbookResponse, type ExportSheet } from '../exports/responses.js';
import { parseOrRefuse, readOptionalJson, slugParam } from '../http/validate.js';
import { sendPublicJson } from '../http/public-json.js';
import { formatVietnamTime } from '../domain/vietnam-format.js';
import { winnersSheets, winnersTable, type WinnersTable } from '../domain/winners.js';
import { winnerName } from '../domain/personal-data.js';
import { nameConsentOf } from './views.js';
import { requireContest } from './contests.js';
import { flaggedWinners, integrityReview } from './integrity.js';
import type { ComputedResults } from '../contract/admin.js';

/** The body of `POST …/results` once read: every field has its default. */
type ComputeResultsRequest = NonNullable<z.output<typeof computeResultsSchema>>;

export interface Results {
  computedAt: string;
  provisional: boolean;
  predictionTarget: Contest['predictionTarget'];
  actual: number;
  rankingOrder: Contest['rankingOrder'];
  collectiveCriterion: Contest['collectiveCriterion'];
  individual: IndividualAward[];
  collective: CollectiveAward[];
  /** Set on published results when a regrade changed scores after publication (decision 0024). */
  outdated?: boolean;
  regradedAt?: string;
}

/** 409 HEADCOUNT_MISSING: by participation rate, these competing units need a headcount first (SPEC §2). */
function headcountMissing(units: readonly { unitId: string; name: string }[]): ApiError {
  return new ApiError(
    'HEADCOUNT_MISSING',
    `Chưa tính được giải tập thể theo tỷ lệ tham gia: ${units.length} đơn vị dự giải chưa khai báo số người (headcount): ${units.map((u) => u.name).join(', ')}. Hãy nhập số người của cả đơn vị (kể cả đơn vị trực thuộc) ở màn hình Đơn vị, bỏ chọn «Dự giải tập thể» cho đơn vị không dự giải, hoặc chuyển tiêu chí sang số người tham gia.`,
    { headcount: 'Đơn vị dự giải tập thể cần có số người' },
    { units: units.map((u) => ({ id: u.unitId, name: u.name })) },
  );
}

/** What a prize computation is made from: the contest's or one round's (decision 0041). */
export interface ResultsBasis {
  /** The ranking the individual prizes follow, with the figure its predictions are judged against. */
  ranking: RankingSource;
  prizes: Contest['prizes'];
  /** Per unit the contestants registered with, over the attempts that count here. */
  unitCounts: readonly UnitCount[];
  provisional: boolean;
  /** A round awards collective prizes only when it has some; the contest checks headcounts whatever its prizes, as ever. */
  collectiveOnlyWithPrizes?: boolean;
}

/** Computes prizes from a ranking and participation (a dry run until published): one rule for the contest and its rounds. */
export function computeAwards(deps: AppDeps, contest: Contest, basis: ResultsBasis, now: Date): Results {
  const { actual } = basis.ranking;
  // One prize per person and the ranking has one entry per person: its head is all prizes need.
  const prizeCount = basis.prizes.individual.reduce((sum, prize) => sum + prize.count, 0);
  // One more than the prizes, so the last winner can show what separated them from the next person.
  const people = basis.ranking.head(prizeCount + 1);
  const publicNames = new Map(people.map((p) => [p.contestantId, winnerName(nameConsentOf(p))]));
  const units = listUnits(deps.db, contest.slug);
  const totals = rollUpUnitStats(units, basis.unitCounts);
  const competing = totals.filter((u) => u.competing);
  const collective =
    basis.collectiveOnlyWithPrizes && basis.prizes.collective.length === 0
      ? { criterion: contest.collectiveCriterion, awards: [] }
      : (() => {
          const missing = unitsWithoutHeadcount(competing, contest.collectiveCriterion);
          if (missing.length) throw headcountMissing(missing);
          return awardCollectivePrizes(competing, contest.collectiveCriterion, basis.prizes.collective);
        })();
  return {
    computedAt: now.toISOString(),
    provisional: basis.provisional,
    predictionTarget: contest.predictionTarget,
    actual,
    rankingOrder: contest.rankingOrder,
    collectiveCriterion: collective.criterion,
    individual: awardIndividualPrizes(people, basis.prizes.individual, { order: contest.rankingOrder, actual }).map((award) => ({
      ...award,
      publicName: publicNames.get(award.contestantId) ?? award.name,
    })),
    collective: collective.awards,
  };
}

/** The contest's prizes from its overall ranking (with rounds: by `roundsRanking`) and its whole participation. */
export function computeResults(deps: AppDeps, contest: Contest, now: Date): Results {
  finaliseOverdueAttempts(deps.db, contest.slug, now);
  return computeAwards(
    deps,
    contest,
    {
      ranking: overallRanking(deps.db, contest),
      prizes: contest.prizes,
      unitCounts: unitCounts(deps.db, contest.slug),
      provisional: contestStatus(contest, now) !== 'closed',
    },
    now,
  );
}

/** What anyone may see of published results: names, units and birth years, no identity data. */
export function publicResults(published: { publishedAt: string; payload: Results }) {
  const r = published.payload;
  return {
    publishedAt: published.publishedAt,
    provisional: r.provisional,
    ...(r.outdated ? { outdated: true } : {}),
    predictionTarget: r.predictionTarget,
    actual: r.actual,
    individual: r.individual.map(({ prize, valueVnd, rank, name, publicName, unit, birthYear, score, total, durationMs, prediction }) => ({
      prize,
      valueVnd,
      rank,
      name: publicName ?? name,
      unit,
      birthYear,
      score,
      total,
      durationMs,
      prediction,
    })),
    collective: r.collective.map(({ prize, valueVnd, unit, participants, attempts, rate, averageScore }) => ({
      prize,
      valueVnd,
      unit,
      participants,
      attempts,
      ...(rate === undefined ? {} : { rate }),
      averageScore,
    })),
  };
}

/** `POST …/results`: the body (a dry run when absent) and who asks; publishing needs a writer. */
export async function resultsRequest(deps: AppDeps, c: Context): Promise<{ body: ComputeResultsRequest; by: string }> {
  requireAdmin(deps.db, c, 'read');
  const body = (await readOptionalJson(c, computeResultsSchema)) ?? { publish: false, replace: false, acknowledgeFlags: false };
  return { body, by: requireAdmin(deps.db, c, body.publish ? 'write' : 'read').name };
}

/** What differs between computing the contest's prizes and a round's. */
export interface ResultsScope {
  compute(now: Date): Results;
  /** Who the prizes are of, inserted in messages: '' for the contest, ' của vòng' for a round. */
  whose: string;
  published(): { publishedAt: string; publishedBy: string } | null;
  publish(results: Results, by: string, now: Date): void;
  audit: { publish: string; republish: string; target: string };
}

/**
 * A dry run, or publishing (once, or again with `replace`) in one transaction with its audit entry;
 * flagged winners must be acknowledged first. The contest's prizes and each round's go through here.
 */
export function answerResults(deps: AppDeps, { body, by }: { body: ComputeResultsRequest; by: string }, contest: Contest, scope: ResultsScope): ComputedResults {
  const now = deps.clock();
  const results = scope.compute(now);
  const winners = new Set(results.individual.map((w) => w.contestantId));
  const flagged = flaggedWinners(integrityReview(deps, contest, winners).flags, results.individual);
  if (!body.publish) return { published: false, ...results, flaggedWinners: flagged };
  if (flagged.length && !body.acknowledgeFlags) {
    throw new ApiError(
      'FLAGGED_WINNERS',
      `Có ${flagged.length} người đoạt giải${scope.whose} bị gắn cờ trong rà soát tính trung thực: ${flagged.map((w) => w.name).join(', ')}. Hãy xem lại trước khi công bố, hoặc gửi kèm "acknowledgeFlags": true để xác nhận vẫn công bố (thao tác được ghi nhật ký).`,
      { acknowledgeFlags: 'Cần xác nhận công bố khi có người đoạt giải bị gắn cờ' },
      { flaggedWinners: flagged },
    );
  }
  const outcome = deps.db.transaction(() => {
    const before = scope.published();
    if (before && !body.replace) return 'already';
    scope.publish(results, by, now);
    recordAudit(deps.db, {
      at: now.toISOString(),
      actor: by,
      action: before ? scope.audit.republish : scope.audit.publish,
      target: scope.audit.target,
      detail: {
        before: before ? { publishedAt: before.publishedAt, publishedBy: before.publishedBy } : null,
        individual: results.individual.length,
        collective: results.collective.length,
        flaggedWinners: flagged.map((w) => w.contestantId),
      },
    });
    return 'published';
  })();
  if (outcome === 'already') {
    throw new ApiError('CONFLICT', `Kết quả${scope.whose} đã được công bố. Muốn công bố lại, gửi kèm "replace": true (thao tác được ghi nhật ký).`, {
      replace: 'Cần xác nhận công bố lại',
    });
  }
  return { published: true, publishedAt: now.toISOString(), ...results, flaggedWinners: flagged };
}

/**
 * The winners' workbook (or CSV) for the secretariat: the published list when there is one (it is
 * what was announced), else a fresh computation. Contact details of the winners: audited as a read
 * of personal data, who and how, not whom. The contest's prizes and each round's go through here.
 */
export function winnersExport(
  deps: AppDeps,
  c: Context,
  reader: string,
  scope: { published: { publishedAt: string; payload: Results } | null; compute: (now: Date) => Results; slug: string; target: string; filename: string; round: string | null },
): Response {
  const { format } = parseOrRefuse(winnersQuerySchema, c.req.query());
  const now = deps.clock();
  const { published } = scope;
  const source = published?.payload ?? scope.compute(now);
  const basis = published
    ? `Đã công bố ${formatVietnamTime(published.publishedAt)}${published.payload.outdated ? ' — chưa tính lại sau khi chấm lại' : ''}`
    : `Tạm tính ${formatVietnamTime(now.toISOString())}`;
  const context = {
    basis: scope.round ? `${scope.round} — ${basis.charAt(0).toLowerCase()}${basis.slice(1)}` : basis,
    contacts: winnerContacts(deps.db, source.individual.map((w) => w.contestantId)),
    headcounts: new Map(listUnits(deps.db, scope.slug).map((u) => [u.id, u.headcount])),
  };
  recordPersonalDataRead(deps.db, reader, 'winners', scope.target, now, {
    format,
    individual: source.individual.length,
    collective: source.collective.length,
    source: published ? 'published' : 'computed',
  });
  const sheet = (table: WinnersTable): ExportSheet => ({ filename: scope.filename, sheetName: table.sheetName, header: table.header, pages: [table.rows] });
  return workbookResponse(c, format, winnersSheets(source, context).map(sheet), sheet(winnersTable(source, context)));
}

export function resultRoutes(deps: AppDeps): { admin: Hono; contestant: Hono } {
  const { db } = deps;
  const admin = new Hono();
  const contestant = new Hono();

  admin.post('/contests/:slug/results', async (c) => {
    const request = await resultsRequest(deps, c);
    const contest = requireContest(deps, slugParam(c));
    return c.json(
      answerResults(deps, request, contest, {
        compute: (now) => computeResults(deps, contest, now),
        whose: '',
        published: () => getPublishedResults<Results>(db, contest.slug),
        publish: (results, by, now) => publishResults(db, contest.slug, results, by, now),
        audit: { publish: 'results.publish', republish: 'results.republish', target: contest.slug },
      }),
    );
  });

  admin.get('/contests/:slug/results', (c) => {
    requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    const published = getPublishedResults<Results>(db, contest.slug);
    if (!published) throw new ApiError('NOT_PUBLISHED', 'Kết quả cuộc thi chưa được công bố');
    return c.json({ ...published, outdated: published.payload.outdated === true });
  });

  admin.get('/contests/:slug/results/export', (c) => {
    const reader = requireAdmin(db, c, 'read');
    const contest = requireContest(deps, slugParam(c));
    return winnersExport(deps, c, reader.name, {
      published: getPublishedResults<Results>(db, contest.slug),
      compute: (now) => computeResults(deps, contest, now),
      slug: contest.slug,
      target: contest.slug,
      filename: `giai-thuong-${contest.slug}`,
      round: null,
    });
  });

  contestant.get('/:slug/results', (c) => {
    const contest = requireContest(deps, slugParam(c));
    const published = getPublishedResults<Results>(db, contest.slug);
    if (!published) throw new ApiError('NOT_PUBLISHED', 'Kết quả cuộc thi chưa được công bố');
    return sendPublicJson(c, Buffer.from(JSON.stringify(publicResults(published))), false);
  });

  return { admin, contestant };
}
