import Database from 'better-sqlite3';
import { closeSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { PRIVATE_FILE_MODE, tightenFileMode, type Db } from './connection.js';

export interface BackupReport {
  /** `PRAGMA integrity_check` of the copy: `['ok']` when it is sound. */
  integrity: string[];
  sizeBytes: number;
  contestants: number;
  attempts: number;
}

/**
 * Copies the live database to `destination` with SQLite's online backup while the server keeps
 * writing, then checks the copy. The copy is written beside `destination` and renamed over it only
 * once it passes `integrity_check`, so a failed run never replaces the previous good backup.
 * Throws when the copy is not sound (and removes it).
 */
export async function backupDatabase(db: Db, destination: string): Promise<BackupReport> {
  const partial = `${destination}.${process.pid}.partial`;
  try {
    // Created owner-only before SQLite writes the copy into it (it keeps an existing file's mode).
    closeSync(openSync(partial, 'w', PRIVATE_FILE_MODE));
    tightenFileMode(partial);
    await db.backup(partial, {
      // All pages in one step, i.e. one read snapshot. Readers do not block writers in WAL mode; the
      // default 100-page steps would restart whenever the server commits and might never finish.
      progress: () => 0x7fffffff,
    });
    const report = { ...inspectCopy(partial), sizeBytes: statSync(partial).size };
    renameSync(partial, destination);
    return report;
  } finally {
    rmSync(partial, { force: true });
  }
}

export class BackupCheckError extends Error {
  constructor(readonly integrity: string[]) {
    super(`integrity_check: ${integrity.join('; ')}`);
  }
}

/** Turns the copy into one self-contained file (no -wal beside it), checks it and counts what it holds. */
function inspectCopy(path: string): Omit<BackupReport, 'sizeBytes'> {
  const copy = new Database(path);
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    if (integrity.length !== 1 || integrity[0] !== 'ok') throw new BackupCheckError(integrity);
    const count = (table: 'contestants' | 'attempts') => (copy.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { integrity, contestants: count('contestants'), attempts: count('attempts') };
  } finally {
    copy.close();
  }
}
