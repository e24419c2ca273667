import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { configFromEnv } from './config.js';
import { countAdminTokens, createAdminToken } from './db/admin.js';
import { openDatabase } from './db/connection.js';
import { cryptoRandom } from './domain/draw.js';
import { seedDemoContests } from './seed/demo.js';
import { hashToken } from './tokens.js';

const config = configFromEnv();
const db = openDatabase(config.databasePath, { synchronous: config.synchronous });
const clock = () => new Date();

if (config.adminToken && countAdminTokens(db) === 0) {
  createAdminToken(db, hashToken(config.adminToken), 'ADMIN_TOKEN', 'organiser', clock());
  console.log('Đã tạo mã truy cập Ban Tổ chức từ biến môi trường ADMIN_TOKEN.');
}
if (config.seedDemo && seedDemoContests(db, clock())) {
  console.log('Đã tạo cuộc thi mẫu "de-an-06-thai-binh" (đang mở) và "thai-binh-2023" (đã kết thúc).');
}

const app = createApp({ db, clock, config, random: cryptoRandom });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}`;
  console.log(`de-an-06-quiz đang chạy, cơ sở dữ liệu ${config.databasePath}`);
  console.log(`  Trang cuộc thi:   ${base}/`);
  console.log(`  Trang nhúng mẫu:  ${base}/demo/`);
  console.log(`  Widget:           ${base}/de-an-06-quiz.js`);
  console.log(`  API:              ${base}/api/contests/de-an-06-thai-binh`);
});

function shutdown(): void {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
