/**
 * DATABASE_URL (decision 0042): unset, SQLite as before; postgres:// or postgresql://, PostgreSQL,
 * which needs CHALLENGE_KEY; anything else refused at start with a message naming the setting.
 * A server that cannot reach its PostgreSQL says so and exits (postgres-server.test.ts runs it).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_DATABASE_POOL_SIZE } from '../src/config.js';
import { tempDatabase } from './server-process.js';

const CHALLENGE_KEY = 'c'.repeat(64);

describe('DATABASE_URL', () => {
  it('unset: SQLite at DATABASE_PATH, as before', () => {
    expect(configFromEnv({}).store).toEqual({ kind: 'sqlite', path: 'data/quiz.db' });
    expect(configFromEnv({ DATABASE_PATH: '/tmp/x.db', DATABASE_URL: ' ' }).store).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
  });

  it('postgres:// or postgresql://: PostgreSQL, with the pool size and statement timeout', () => {
    for (const url of ['postgres://quiz@db.internal:5432/quiz', 'postgresql://quiz:secret@10.0.0.5/quiz?sslmode=require']) {
      expect(configFromEnv({ DATABASE_URL: url, CHALLENGE_KEY }).store).toEqual({ kind: 'postgres', url, poolSize: DEFAULT_DATABASE_POOL_SIZE, statementTimeoutMs: 30_000 });
    }
    const store = configFromEnv({ DATABASE_URL: 'postgres://db/quiz', CHALLENGE_KEY, DATABASE_POOL_SIZE: '25', DATABASE_STATEMENT_TIMEOUT_MS: '5000' }).store;
    expect(store).toMatchObject({ poolSize: 25, statementTimeoutMs: 5000 });
    expect(() => configFromEnv({ DATABASE_URL: 'postgres://db/quiz', CHALLENGE_KEY, DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE phải là số nguyên dương/);
  });

  it('anything else is refused with a Vietnamese message naming DATABASE_URL', () => {
    for (const url of ['mysql://db/quiz', 'data/quiz.db', 'postgres:/db', 'http://db']) {
      expect(() => configFromEnv({ DATABASE_URL: url, CHALLENGE_KEY }), url).toThrow(/^DATABASE_URL phải là địa chỉ PostgreSQL/);
    }
  });

  it('PostgreSQL without CHALLENGE_KEY is refused, naming CHALLENGE_KEY', () => {
    expect(() => configFromEnv({ DATABASE_URL: 'postgres://db/quiz' })).toThrow(/phải đặt CHALLENGE_KEY/);
    expect(() => configFromEnv({ DATABASE_URL: 'postgres://db/quiz', CHALLENGE_KEY: 'short' })).toThrow(/CHALLENGE_KEY phải dài ít nhất 32 ký tự/);
  });
});

describe('server start with DATABASE_URL', () => {
  it('when PostgreSQL cannot be reached: says so in Vietnamese and exits 1, creating no SQLite file', async () => {
    const databasePath = tempDatabase('pg-');
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
      // Port 1 on loopback: nothing listens there, the connection is refused at once.
      env: { ...process.env, PORT: '8798', HOST: '127.0.0.1', DATABASE_PATH: databasePath, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/quiz', CHALLENGE_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    child.stdout.on('data', (chunk) => (printed += chunk));
    child.stderr.on('data', (chunk) => (printed += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, printed).toBe(1);
    expect(printed).toMatch(/Không mở được cơ sở dữ liệu: .*ECONNREFUSED/);
    expect(printed).not.toMatch(/đang chạy/);
    expect(existsSync(databasePath)).toBe(false);
  }, 30_000);
});
