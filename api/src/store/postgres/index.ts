import type pg from 'pg';
import type { Config } from '../../config.js';
import type { Clock } from '../../domain/contest.js';
import type { Random } from '../../domain/draw.js';
import type { PortableStore } from '../store.js';
import { postgresAccessCodes } from './access-codes.js';
import { postgresAttempts } from './attempts.js';
import { postgresContestants } from './contestants.js';
import { postgresCorrections } from './corrections.js';
import { postgresContestantAccounts } from './contestant-accounts.js';
import { postgresContests } from './contests.js';
import { postgresExports } from './exports.js';
import { postgresIntegrity } from './integrity.js';
import { postgresConsoleViews } from './console-views.js';
import { postgresCertificates } from './certificates.js';
import { postgresLearning } from './learning.js';
import { postgresPersonalData } from './personal-data.js';
import { postgresResults } from './results.js';
import { postgresSetup } from './setup.js';
import { postgresStats } from './stats.js';
import { postgresWebhooks } from './webhooks.js';

/**
 * What the PostgreSQL store is built from: a pool (pool.ts; several nodes each have their own on
 * one database), the clock every deadline is compared with, the randomness of the draw and the
 * settings its rules read (challenge, ID-number key), as for the SQLite store.
 */
export interface PostgresStoreDeps {
  pool: pg.Pool;
  clock: Clock;
  random: Random;
  config: Pick<Config, 'challenge' | 'idNumberKey'>;
}

/**
 * The store over PostgreSQL (decisions 0042, 0043), the groups it has so far: the same use cases, rules, outcomes and stored
 * rows as the SQLite store; each use case's writes are one transaction (`inTransaction`), safe with
 * several nodes writing at once.
 */
export function postgresStore(deps: PostgresStoreDeps): PortableStore {
  return {
    accessCodes: postgresAccessCodes(deps),
    contestants: postgresContestants(deps),
    attempts: postgresAttempts(deps),
    contests: postgresContests(deps),
    results: postgresResults(deps),
    stats: postgresStats(deps),
    personalData: postgresPersonalData(deps),
    webhooks: postgresWebhooks(deps),
    corrections: postgresCorrections(deps),
    contestantAccounts: postgresContestantAccounts(deps),
    setup: postgresSetup(deps),
    exports: postgresExports(deps),
    integrity: postgresIntegrity(deps),
    consoleViews: postgresConsoleViews(deps),
    certificates: postgresCertificates(deps),
    learning: postgresLearning(deps),
    // Every use case has committed its transaction before it answers.
    durably: (handle) => handle(),
  };
}
