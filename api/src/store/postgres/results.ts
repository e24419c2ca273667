import type { PublishedResults } from '../../db/results.js';
import type { Contest } from '../../domain/contest.js';
import { flaggedWinners, integritySettings } from '../../domain/integrity.js';
import { awardResults, contestPrizeTerms, placesNeeded, publicationAuditEntry, roundPrizeTerms, type HeadcountMissing, type PublicationAudit, type Results } from '../../domain/results.js';
import { roundNumber, roundsOf, type Round } from '../../domain/rounds.js';
import type { WinnerContact } from '../../domain/winners.js';
import type { FlaggedWinner, NotFound, ResultsStore } from '../store.js';
import { finaliseOverdueAttempts } from './attempts.js';
import { recordAudit, recordPersonalDataRead } from './audit.js';
import { emitWebhookEvent } from './figures.js';
import type { PostgresStoreDeps } from './index.js';
import { reviewIntegrity } from './integrity.js';
import { inTransaction } from './pool.js';
import { overallHead, roundHead, roundUnitCounts, unitCounts } from './ranking.js';
import { all, contestBySlug, one, unitsOf, type Queryable } from './rows.js';

const NO_CONTEST: NotFound = Object.freeze({ kind: 'notFound', what: 'contest' });
const NO_ROUND: NotFound = Object.freeze({ kind: 'notFound', what: 'round' });

/** A computation's reads run in one snapshot, so its ranking, counts and flags agree however busy the contest. */
const SNAPSHOT = { isolation: 'repeatable read', readOnly: true } as const;

/** The contest's prizes (store/sqlite/results.ts `computeContestResults`): its overall ranking and its whole participation. */
export async function contestResults(db: Queryable, contest: Contest, now: Date): Promise<Results | HeadcountMissing> {
  const terms = contestPrizeTerms(contest, now);
  const { actual, head } = await overallHead(db, contest, placesNeeded(terms.prizes));
  return awardResults(
    contest,
    {
      ...terms,
      actual,
      head: (count) => head.slice(0, count),
      units: await unitsOf(db, contest.slug),
      unitCounts: await unitCounts(db, contest.slug),
    },
    now,
  );
}

/** One round's prizes from its own ranking and its own participation, rolled up as the contest's. */
async function roundResults(db: Queryable, contest: Contest, round: Round, now: Date): Promise<Results | HeadcountMissing> {
  const terms = roundPrizeTerms(round, now);
  const { actual, head } = await roundHead(db, contest, round, placesNeeded(terms.prizes));
  return awardResults(
    contest,
    {
      ...terms,
      actual,
      head: (count) => head.slice(0, count),
      units: await unitsOf(db, contest.slug),
      unitCounts: await roundUnitCounts(db, contest.slug, round.id),
    },
    now,
  );
}

/** What differs between the contest's prizes and a round's (as store/sqlite/results.ts). */
interface Scope {
  contest: Contest;
  round: Round | null;
  compute(db: Queryable, now: Date): Promise<Results | HeadcountMissing>;
  published(db: Queryable): Promise<PublishedResults<Results> | null>;
  publish(db: Queryable, results: Results, by: string, now: Date): Promise<void>;
  audit: PublicationAudit;
}

interface PublishedRow {
  publishedAt: string;
  publishedBy: string;
  payload: string;
}

const asPublished = (row: PublishedRow | null): PublishedResults<Results> | null => (row ? { ...row, payload: JSON.parse(row.payload) as Results } : null);

/** The winners' contact details, by contestant id (db/results.ts `winnerContacts`). */
async function winnerContacts(db: Queryable, ids: readonly string[]): Promise<Map<string, WinnerContact>> {
  if (ids.length === 0) return new Map();
  const rows = await all<WinnerContact & { id: string }>(
    db,
    `SELECT c.id, c.full_name AS "fullName", c.id_number AS "idNumber", c.phone, c.birth_date AS "birthDate", COALESCE(u.name, c.unit_id) AS "unitName"
     FROM contestants c LEFT JOIN units u ON u.contest_slug = c.contest_slug AND u.id = c.unit_id WHERE c.id = ANY($1::text[])`,
    [ids],
  );
  const found = new Map(rows.map(({ id, ...contact }) => [id, contact]));
  const contacts = new Map<string, WinnerContact>();
  for (const id of ids) {
    const contact = found.get(id);
    if (contact) contacts.set(id, contact);
  }
  return contacts;
}

/**
 * The prizes over PostgreSQL: store/sqlite/results.ts's use cases, rules, outcomes and stored rows.
 * Publishing locks the contest's row first (FOR NO KEY UPDATE: registrations' foreign-key checks are
 * not blocked by it), so publications of one contest and its rounds queue on every node: a second
 * one without `replace` sees the first's row and is refused.
 */
export function postgresResults({ pool, clock }: PostgresStoreDeps): ResultsStore {
  /** The contest `slug` and, when `roundId` is given, its round: the prizes asked about. */
  async function scopeOf(slug: string, roundId: string | null): Promise<Scope | NotFound> {
    const contest = await contestBySlug(pool, slug);
    if (!contest) return NO_CONTEST;
    if (roundId === null) {
      return {
        contest,
        round: null,
        compute: (db, now) => contestResults(db, contest, now),
        published: async (db) =>
          asPublished(
            await one<PublishedRow>(db, 'SELECT published_at AS "publishedAt", published_by AS "publishedBy", payload FROM results WHERE contest_slug = $1', [
              contest.slug,
            ]),
          ),
        publish: async (db, results, by, now) => {
          await db.query(
            `INSERT INTO results (contest_slug, published_at, published_by, payload) VALUES ($1, $2, $3, $4)
             ON CONFLICT (contest_slug) DO UPDATE SET published_at = excluded.published_at,
               published_by = excluded.published_by, payload = excluded.payload`,
            [contest.slug, now.toISOString(), by, JSON.stringify(results)],
          );
          await emitWebhookEvent(db, contest.slug, 'results.published', now, async () => ({ publishedAt: now.toISOString() }));
        },
        audit: { publish: 'results.publish', republish: 'results.republish', target: contest.slug },
      };
    }
    const round = roundsOf(contest).find((r) => r.id === roundId);
    if (!round) return NO_ROUND;
    return {
      contest,
      round,
      compute: (db, now) => roundResults(db, contest, round, now),
      published: async (db) =>
        asPublished(
          await one<PublishedRow>(
            db,
            'SELECT published_at AS "publishedAt", published_by AS "publishedBy", payload FROM round_results WHERE contest_slug = $1 AND round_id = $2',
            [contest.slug, round.id],
          ),
        ),
      publish: async (db, results, by, now) => {
        await db.query(
          `INSERT INTO round_results (contest_slug, round_id, published_at, published_by, payload) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (contest_slug, round_id) DO UPDATE SET published_at = excluded.published_at,
             published_by = excluded.published_by, payload = excluded.payload`,
          [contest.slug, round.id, now.toISOString(), by, JSON.stringify(results)],
        );
        await emitWebhookEvent(db, contest.slug, 'results.published', now, async () => ({
          publishedAt: now.toISOString(),
          round: { id: round.id, title: round.title, number: roundNumber(roundsOf(contest), round.id) },
        }));
      },
      audit: { publish: 'round.results.publish', republish: 'round.results.republish', target: `${contest.slug}/${round.id}` },
    };
  }

  /** Overdue attempts finalised first, then the computation in one snapshot. */
  async function computeNow(scope: Scope, now: Date): Promise<Results | HeadcountMissing> {
    await finaliseOverdueAttempts(pool, scope.contest.slug, now);
    return inTransaction(pool, (db) => scope.compute(db, now), SNAPSHOT);
  }

  return {
    async compute(slug, roundId, { publish, replace, acknowledgeFlags, by }) {
      const scope = await scopeOf(slug, roundId);
      if ('kind' in scope) return scope;
      const { contest, round } = scope;
      if (round && (!round.prizes || (round.prizes.individual.length === 0 && round.prizes.collective.length === 0))) return { kind: 'noRoundPrizes', round };
      const now = clock();
      await finaliseOverdueAttempts(pool, contest.slug, now);
      const computed = await inTransaction(
        pool,
        async (db): Promise<HeadcountMissing | { results: Results; flagged: FlaggedWinner[] }> => {
          const results = await scope.compute(db, now);
          if ('kind' in results) return results;
          const winners = new Set(results.individual.map((w) => w.contestantId));
          return { results, flagged: flaggedWinners(await reviewIntegrity(db, contest.slug, integritySettings(contest), winners), results.individual) };
        },
        SNAPSHOT,
      );
      if ('kind' in computed) return computed;
      const { results, flagged } = computed;
      if (!publish) return { kind: 'computed', results, flagged };
      if (flagged.length && !acknowledgeFlags) return { kind: 'flagged', flagged };
      const published = await inTransaction(pool, async (db) => {
        await db.query('SELECT 1 FROM contests WHERE slug = $1 FOR NO KEY UPDATE', [contest.slug]);
        const before = await scope.published(db);
        if (before && !replace) return false;
        await scope.publish(db, results, by, now);
        await recordAudit(db, publicationAuditEntry(scope.audit, before, results, flagged, by, now));
        return true;
      });
      return published ? { kind: 'published', publishedAt: now.toISOString(), results, flagged } : { kind: 'alreadyPublished' };
    },

    async published(slug, roundId) {
      const scope = await scopeOf(slug, roundId);
      if ('kind' in scope) return scope;
      const published = await scope.published(pool);
      return published ? { kind: 'published', published } : { kind: 'notPublished' };
    },

    async winners(slug, roundId, reader, query) {
      const scope = await scopeOf(slug, roundId);
      if ('kind' in scope) return scope;
      const published = await scope.published(pool);
      const { format } = await query();
      const now = clock();
      const results = published?.payload ?? (await computeNow(scope, now));
      if ('kind' in results) return results;
      const { contacts, headcounts } = await inTransaction(pool, async (db) => {
        const contacts = await winnerContacts(
          db,
          results.individual.map((w) => w.contestantId),
        );
        const headcounts = new Map((await unitsOf(db, scope.contest.slug)).map((u) => [u.id, u.headcount]));
        await recordPersonalDataRead(db, reader, 'winners', scope.audit.target, now, {
          format,
          individual: results.individual.length,
          collective: results.collective.length,
          source: published ? 'published' : 'computed',
        });
        return { contacts, headcounts };
      });
      return {
        kind: 'winners',
        results,
        published: published ? { publishedAt: published.publishedAt } : null,
        at: now,
        round: scope.round?.title ?? null,
        format,
        contacts,
        headcounts,
      };
    },
  };
}
