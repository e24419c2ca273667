import { createAdaptorServer } from '@hono/node-server';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import net from 'node:net';
import { createApp } from './app.js';
import { configFromEnv } from './config.js';
import { countAdminTokens, createAdminToken } from './db/admin.js';
import { commitGroup, openDatabase } from './db/connection.js';
import { cryptoRandom } from './domain/draw.js';
import { createAdmission } from './http/admission.js';
import { seedDemoContests } from './seed/demo.js';
import { sqliteStore } from './store/sqlite/index.js';
import { hashToken, newToken } from './tokens.js';
import { startWebhookWorker } from './webhooks/delivery.js';

/** The name the console and the audit log show for the code made at first start. */
const FIRST_CODE_NAME = 'Mã khởi động đầu tiên';

/** A setting the server cannot start with: its message alone (it says what to change), exit 1. */
function configOrExit(): ReturnType<typeof configFromEnv> {
  try {
    return configFromEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

const config = configOrExit();
if (config.store.kind === 'postgres') {
  // Decision 0042: the PostgreSQL schema and its migrations exist, the store behind the routes does not yet.
  console.error(
    'Máy chủ chưa phục vụ được từ PostgreSQL (DATABASE_URL đang được đặt). Hiện chỉ có thể tạo và cập nhật lược đồ: ' +
      '"npm run cli -- migrate". Bỏ DATABASE_URL để chạy trên SQLite tại DATABASE_PATH.',
  );
  process.exit(1);
}
// Whatever this process creates (database, -wal, -shm, SQLite's temporary files) is the owner's alone:
// it holds ID numbers and phones. openDatabase sets the modes itself too, for other callers.
process.umask(0o077);
const db = openDatabase(config.databasePath, { synchronous: config.synchronous, groupCommit: true });
const clock = () => new Date();

/**
 * The first organiser code (decision 0035): ADMIN_TOKEN's value, or, when it is unset, a code made
 * here and printed this once (only its hash is kept). Either only while no code exists at all.
 */
let firstCode: string | null = null;
if (countAdminTokens(db) === 0) {
  if (config.adminToken) {
    createAdminToken(db, hashToken(config.adminToken), 'ADMIN_TOKEN', 'organiser', clock());
    console.log('Đã tạo mã truy cập Ban Tổ chức từ biến môi trường ADMIN_TOKEN.');
  } else {
    firstCode = newToken();
    createAdminToken(db, hashToken(firstCode), FIRST_CODE_NAME, 'organiser', clock());
  }
}
if (config.seedDemo && seedDemoContests(db, clock())) {
  console.log('Đã tạo cuộc thi mẫu "de-an-06-thai-binh" (đang mở) và "thai-binh-2023" (đã kết thúc).');
}

const admission = createAdmission(config.admission);
const app = createApp({ db, store: sqliteStore({ db, clock, random: cryptoRandom, config }), clock, config, random: cryptoRandom, admission });
// Connection timeouts of decision 0031: an idle connection outlives the proxy's, so the server never
// closes one that already carries a request the event loop has not read yet.
const { keepAliveTimeoutMs, headersTimeoutMs, requestTimeoutMs } = config.connections;
const serverOptions = { keepAliveTimeout: keepAliveTimeoutMs, headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs };
const server = createAdaptorServer({ fetch: app.fetch, serverOptions });
// Sends the webhook outbox (decision 0040); every server process on the file runs one, claims keep them apart.
const webhookWorker = config.webhooks?.deliver === false ? null : startWebhookWorker({ db, clock });
/**
 * Connections waiting to be accepted: Node's default of 511 overflows when a surge opens connections
 * faster than a busy event loop accepts them, and a client then waits out SYN retries (1, 3, 7… s)
 * or is reset (decision 0031). The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;
server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => {
  const info = server.address() as net.AddressInfo;
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}`;
  console.log(`de-an-06-quiz đang chạy, cơ sở dữ liệu ${config.databasePath}`);
  console.log(`  Trang cuộc thi:   ${base}/`);
  console.log(`  Trang nhúng mẫu:  ${base}/demo/`);
  console.log(`  Widget:           ${base}/de-an-06-quiz.js`);
  console.log(`  Ban Tổ chức:      ${base}/admin`);
  if (firstCode) {
    console.log('');
    console.log('Mã truy cập Ban Tổ chức (chỉ in một lần này, máy chủ chỉ lưu dạng băm — hãy lưu lại ngay):');
    console.log(`  ${firstCode}`);
    console.log(`Đăng nhập tại ${base}/admin bằng mã trên, rồi tạo mã riêng cho từng người ở màn hình "Mã truy cập" và thu hồi mã này.`);
    console.log('');
  } else {
    console.log(`  Đăng nhập /admin bằng mã truy cập Ban Tổ chức; mất mã: npm run cli -- token create --name "Tên người dùng"`);
  }
  console.log(`  Từng cuộc thi:    ${base}/c/<mã cuộc thi>  (khung iframe: ${base}/embed/<mã cuộc thi>)`);
  console.log(`  API:              ${base}/api/docs`);
});

// createAdaptorServer() without createServer makes a plain http.Server.
const httpServer = server as HttpServer;

/** How long SIGTERM waits for requests in flight before giving up on them. */
const DRAIN_TIMEOUT_MS = 10_000;
/** How long a kept-alive connection may stay idle after SIGTERM before it is closed (a request already sent on it may not be read yet when the event loop is busy). */
const IDLE_GRACE_MS = 3_000;
let stopping = false;
const inFlight = new Set<ServerResponse>();

// Once stopping, every response closes its connection, so keep-alive clients do not hold the drain.
httpServer.on('request', (_request: IncomingMessage, response: ServerResponse) => {
  if (stopping) response.setHeader('Connection', 'close');
  inFlight.add(response);
  response.once('close', () => inFlight.delete(response));
});

/**
 * Stops accepting connections, lets requests in flight finish (at most DRAIN_TIMEOUT_MS), then
 * closes the database and exits 0; exits 1 if the wait ran out.
 */
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  const stoppedAt = Date.now();
  console.log(`Nhận tín hiệu ${signal}: ngừng nhận kết nối mới, chờ ${inFlight.size} yêu cầu đang xử lý hoàn tất…`);
  for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
  // Stop listening (connections the kernel already accepted are taken first), but leave open
  // connections alone for a moment: one may hold a request sent before the signal that is not
  // read yet, and closing it as idle would cut that request off. Each then closes after its response.
  // Tries in flight are abandoned (not recorded): their claims run out and they are sent again later.
  const webhooksStopped = webhookWorker?.stop();
  setImmediate(() =>
    net.Server.prototype.close.call(httpServer, async () => {
      await webhooksStopped;
      commitGroup(db);
      db.close();
      console.log('Đã dừng máy chủ an toàn.');
      process.exit(0);
    }),
  );
  setInterval(() => {
    if (Date.now() - stoppedAt >= IDLE_GRACE_MS) httpServer.closeIdleConnections();
  }, 100).unref();
  setTimeout(() => {
    console.error(`Hết ${DRAIN_TIMEOUT_MS / 1000} giây chờ, còn ${inFlight.size} yêu cầu chưa xong: dừng hẳn.`);
    db.close();
    process.exit(1);
  }, DRAIN_TIMEOUT_MS).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
