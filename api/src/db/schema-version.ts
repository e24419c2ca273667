import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/** The migrations a SQLite database file has had (`user_version`), read without changing it; 0 when there is no file yet. */
export function sqliteSchemaVersion(path: string): number {
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}
