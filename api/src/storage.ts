/**
 * The server's storage, opened as the configuration says (decision 0045): SQLite at DATABASE_PATH
 * (every route), or PostgreSQL at DATABASE_URL (the routes over the portable store). Either way it
 * creates the first organiser code while none exists and the demo contests when asked.
 */
import type { Config } from './config.js';
import { countAdminTokens, createAdminToken } from './db/admin.js';
import { commitGroup, openDatabase, type Db } from './db/connection.js';
import type { Clock } from './domain/contest.js';
import { cryptoRandom } from './domain/draw.js';
import { seedDemoContests } from './seed/demo.js';
import { firstAccessCode } from './store/first-code.js';
import { postgresStore } from './store/postgres/index.js';
import { createPool } from './store/postgres/pool.js';
import { preparePostgres } from './store/postgres/startup.js';
import { sqliteStore } from './store/sqlite/index.js';
import type { PortableStore, Store } from './store/store.js';
import { hashToken } from './tokens.js';
import { startWebhookWorker, type WebhookWorker } from './webhooks/delivery.js';

export interface OpenedStorage {
  /** What the app is built over: a SQLite connection with the full store, or none with the portable store. */
  app: { db: Db; store: Store } | { db: null; store: PortableStore };
  /** Where the data lives, for the start-up message (no password). */
  where: string;
  /** A first organiser code made at this start, to print once; null when none was made or it came from ADMIN_TOKEN. */
  printedCode: string | null;
  /** What start-up did worth saying (a code from ADMIN_TOKEN, the demo contests). */
  notes: string[];
  /** Sends what is pending (webhooks, the last commit group) and closes; `drained` false after a timeout gives up on waiting. */
  close(options: { drained: boolean }): Promise<void>;
}

const SEEDED_NOTE = 'Đã tạo cuộc thi mẫu "de-an-06-thai-binh" (đang mở) và "thai-binh-2023" (đã kết thúc).';
const ADMIN_TOKEN_NOTE = 'Đã tạo mã truy cập Ban Tổ chức từ biến môi trường ADMIN_TOKEN.';

const POSTGRES_NOTE =
  'Trên PostgreSQL, máy chủ phục vụ mọi chức năng của thí sinh và của Ban Tổ chức, trừ tìm thí sinh theo tên và hồ sơ xử lý dữ liệu cá nhân (trả lời 501, xem docs/deploy.md); sao lưu bằng pg_dump.';

export async function openStorage(config: Config, clock: Clock): Promise<OpenedStorage> {
  return config.store.kind === 'postgres' ? openPostgres(config, config.store, clock) : openSqlite(config, clock);
}

function openSqlite(config: Config, clock: Clock): OpenedStorage {
  const db = openDatabase(config.databasePath, { synchronous: config.synchronous, groupCommit: true });
  const notes: string[] = [];
  let printedCode: string | null = null;
  if (countAdminTokens(db) === 0) {
    const first = firstAccessCode(config.adminToken);
    createAdminToken(db, hashToken(first.code), first.name, 'organiser', clock());
    if (first.print) printedCode = first.code;
    else notes.push(ADMIN_TOKEN_NOTE);
  }
  if (config.seedDemo && seedDemoContests(db, clock())) notes.push(SEEDED_NOTE);
  const store = sqliteStore({ db, clock, random: cryptoRandom, config });
  const webhookWorker = startWebhooks(config, store, clock);
  return {
    app: { db, store },
    where: config.databasePath,
    printedCode,
    notes,
    async close({ drained }) {
      // Tries in flight are abandoned (not recorded): their claims run out and they are sent again later.
      if (drained) {
        await webhookWorker?.stop();
        commitGroup(db);
      }
      db.close();
    },
  };
}

async function openPostgres(config: Config, settings: Extract<Config['store'], { kind: 'postgres' }>, clock: Clock): Promise<OpenedStorage> {
  const pool = createPool({ url: settings.url, poolSize: settings.poolSize, statementTimeoutMs: settings.statementTimeoutMs });
  const start = await preparePostgres(pool, { adminToken: config.adminToken, seedDemo: config.seedDemo, now: clock() });
  const url = new URL(settings.url);
  const store = postgresStore({ pool, clock, random: cryptoRandom, config });
  const webhookWorker = startWebhooks(config, store, clock);
  return {
    app: { db: null, store },
    where: `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname} (lược đồ phiên bản ${start.migrations.version})`,
    printedCode: start.printedCode,
    notes: [...(start.fromAdminToken ? [ADMIN_TOKEN_NOTE] : []), ...(start.seeded ? [SEEDED_NOTE] : []), POSTGRES_NOTE],
    async close({ drained }) {
      if (drained) await webhookWorker?.stop();
      await pool.end();
    },
  };
}

/**
 * Sends the webhook outbox (decision 0040) unless WEBHOOKS_DELIVERY is off: every server process
 * runs one, on one SQLite file or one PostgreSQL database; claims keep them apart.
 */
function startWebhooks(config: Config, store: Pick<PortableStore, 'webhooks'>, clock: Clock): WebhookWorker | null {
  return config.webhooks?.deliver === false ? null : startWebhookWorker({ outbox: store.webhooks.outbox, clock });
}
