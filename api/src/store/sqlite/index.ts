import type { Config } from '../../config.js';
import { answerAfterCommit, type Db } from '../../db/connection.js';
import type { Clock } from '../../domain/contest.js';
import type { Random } from '../../domain/draw.js';
import type { Store } from '../store.js';
import { sqliteAccessCodes } from './access-codes.js';
import { sqliteCorrections } from './corrections.js';
import { sqliteContestantAccounts } from './contestant-accounts.js';
import { sqliteAttempts } from './attempts.js';
import { sqliteContestants } from './contestants.js';
import { sqliteContests } from './contests.js';
import { sqliteExports } from './exports.js';
import { sqliteIntegrity } from './integrity.js';
import { sqliteConsoleViews } from './console-views.js';
import { sqliteCertificates } from './certificates.js';
import { sqliteLearning } from './learning.js';
import { sqlitePersonalData } from './personal-data.js';
import { sqliteResults } from './results.js';
import { sqliteSetup } from './setup.js';
import { sqliteStats } from './stats.js';
import { sqliteWebhooks } from './webhooks.js';

/**
 * What the SQLite store is built from: the connection (with its group commit, maintained figures
 * and caches, db/connection.ts), the clock every deadline is compared with, the randomness of the
 * draw and the settings its rules read (challenge, ID-number key).
 */
export interface SqliteStoreDeps {
  db: Db;
  clock: Clock;
  random: Random;
  config: Pick<Config, 'challenge' | 'idNumberKey'>;
}

/** The store over one SQLite connection: the functions of db/*.ts, behind the use cases (decision 0043). */
export function sqliteStore(deps: SqliteStoreDeps): Store {
  return {
    accessCodes: sqliteAccessCodes(deps),
    contestants: sqliteContestants(deps),
    attempts: sqliteAttempts(deps),
    results: sqliteResults(deps),
    stats: sqliteStats(deps),
    personalData: sqlitePersonalData(deps),
    contests: sqliteContests(deps),
    webhooks: sqliteWebhooks(deps),
    corrections: sqliteCorrections(deps),
    contestantAccounts: sqliteContestantAccounts(deps),
    setup: sqliteSetup(deps),
    exports: sqliteExports(deps),
    integrity: sqliteIntegrity(deps),
    consoleViews: sqliteConsoleViews(deps),
    certificates: sqliteCertificates(deps),
    learning: sqliteLearning(deps),
    durably: (handle) => answerAfterCommit(deps.db, handle),
  };
}
