import { createAdaptorServer } from '@hono/node-server';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import net from 'node:net';
import { createApp } from './app.js';
import { configFromEnv } from './config.js';
import { cryptoRandom } from './domain/draw.js';
import { createAdmission } from './http/admission.js';
import { openStorage, type OpenedStorage } from './storage.js';

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
// Whatever this process creates (database, -wal, -shm, SQLite's temporary files) is the owner's alone:
// it holds ID numbers and phones. openDatabase sets the modes itself too, for other callers.
process.umask(0o077);
const clock = () => new Date();

/** Storage that cannot be opened (PostgreSQL unreachable, a migration refused): its message, exit 1. */
async function storageOrExit(): Promise<OpenedStorage> {
  try {
    return await openStorage(config, clock);
  } catch (error) {
    console.error(`Không mở được cơ sở dữ liệu: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/**
 * The storage, with the first organiser code (decision 0035): ADMIN_TOKEN's value, or, when it is
 * unset, a code made here and printed this once (only its hash is kept). Either only while no code exists at all.
 */
const storage = await storageOrExit();
for (const note of storage.notes) console.log(note);
const firstCode = storage.printedCode;

const admission = createAdmission(config.admission);
const app = createApp({ ...storage.app, clock, config, random: cryptoRandom, admission });
// Connection timeouts of decision 0031: an idle connection outlives the proxy's, so the server never
// closes one that already carries a request the event loop has not read yet.
const { keepAliveTimeoutMs, headersTimeoutMs, requestTimeoutMs } = config.connections;
const serverOptions = { keepAliveTimeout: keepAliveTimeoutMs, headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs };
const server = createAdaptorServer({ fetch: app.fetch, serverOptions });
/**
 * Connections waiting to be accepted: Node's default of 511 overflows when a surge opens connections
 * faster than a busy event loop accepts them, and a client then waits out SYN retries (1, 3, 7… s)
 * or is reset (decision 0031). The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4096;
server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => {
  const info = server.address() as net.AddressInfo;
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}`;
  console.log(`de-an-06-quiz đang chạy, cơ sở dữ liệu ${storage.where}`);
  // On PostgreSQL the pages and the console are not served yet (decision 0045): not advertised either.
  const everyRoute = storage.app.db !== null;
  if (everyRoute) console.log(`  Trang cuộc thi:   ${base}/`);
  console.log(`  Trang nhúng mẫu:  ${base}/demo/`);
  console.log(`  Widget:           ${base}/de-an-06-quiz.js`);
  if (everyRoute) console.log(`  Ban Tổ chức:      ${base}/admin`);
  if (firstCode) {
    console.log('');
    console.log('Mã truy cập Ban Tổ chức (chỉ in một lần này, máy chủ chỉ lưu dạng băm — hãy lưu lại ngay):');
    console.log(`  ${firstCode}`);
    console.log(
      everyRoute
        ? `Đăng nhập tại ${base}/admin bằng mã trên, rồi tạo mã riêng cho từng người ở màn hình "Mã truy cập" và thu hồi mã này.`
        : 'Dùng mã trên cho thống kê và giải thưởng qua API (/api/admin/contests/<mã cuộc thi>/stats, …/results); xem docs/deploy.md.',
    );
    console.log('');
  } else if (everyRoute) {
    console.log(`  Đăng nhập /admin bằng mã truy cập Ban Tổ chức; mất mã: npm run cli -- token create --name "Tên người dùng"`);
  }
  if (everyRoute) console.log(`  Từng cuộc thi:    ${base}/c/<mã cuộc thi>  (khung iframe: ${base}/embed/<mã cuộc thi>)`);
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
  setImmediate(() =>
    net.Server.prototype.close.call(httpServer, async () => {
      await storage.close({ drained: true });
      console.log('Đã dừng máy chủ an toàn.');
      process.exit(0);
    }),
  );
  setInterval(() => {
    if (Date.now() - stoppedAt >= IDLE_GRACE_MS) httpServer.closeIdleConnections();
  }, 100).unref();
  setTimeout(() => {
    console.error(`Hết ${DRAIN_TIMEOUT_MS / 1000} giây chờ, còn ${inFlight.size} yêu cầu chưa xong: dừng hẳn.`);
    void storage.close({ drained: false }).finally(() => process.exit(1));
  }, DRAIN_TIMEOUT_MS).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
