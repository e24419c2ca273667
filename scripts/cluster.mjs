// `npm run start:cluster -- [--nodes N]`: N API nodes on one PostgreSQL database (DATABASE_URL)
// behind a small round-robin proxy on PORT (8787 by default), to try what docs/deploy.md runs with
// nginx. Each node listens on 127.0.0.1 at PORT+1, PORT+2…; the proxy appends X-Forwarded-For and
// the nodes trust one hop (TRUST_PROXY=1). Ctrl+C stops the proxy and the nodes (SIGTERM, drained).
// Not for production: there nginx (or another balancer) takes the proxy's place (docs/nginx.md).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const args = process.argv.slice(2);
const nodesAt = args.indexOf('--nodes');
const count = nodesAt === -1 ? 3 : Number(args[nodesAt + 1]);
if (!Number.isInteger(count) || count < 1 || count > 16) {
  console.error('--nodes phải là số nguyên từ 1 đến 16');
  process.exit(1);
}
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')) {
  console.error('Cần DATABASE_URL trỏ tới cơ sở dữ liệu PostgreSQL, ví dụ: DATABASE_URL=postgres://postgres@127.0.0.1:5432/quiz npm run start:cluster');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 8787);
// Every node must sign and check proof-of-work challenges with one key.
const challengeKey = process.env.CHALLENGE_KEY ?? randomBytes(32).toString('hex');
if (!process.env.CHALLENGE_KEY) console.log('CHALLENGE_KEY chưa đặt: dùng một khoá ngẫu nhiên chung cho các máy chủ của lần chạy này.');

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
const ready = [];
for (let i = 1; i <= count; i++) {
  const child = spawn(process.execPath, ['dist/api/server.js'], {
    env: { ...process.env, PORT: String(port + i), HOST: '127.0.0.1', TRUST_PROXY: '1', CHALLENGE_KEY: challengeKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  ready.push(
    new Promise((resolve, reject) => {
      let printed = '';
      child.stdout.on('data', (chunk) => {
        const text = String(chunk);
        printed += text;
        for (const line of text.split('\n')) if (line.trim()) console.log(`[máy chủ ${i}] ${line}`);
        if (printed.includes('đang chạy')) resolve(undefined);
      });
      child.once('exit', (code) => reject(new Error(`máy chủ ${i} dừng với mã ${code}`)));
    }),
  );
}

/** @type {import('../api/src/round-robin-proxy.js').RoundRobinProxy | null} */
let proxy = null;

function stop() {
  void proxy?.close();
  for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  await Promise.all(ready);
} catch (error) {
  console.error(String(error));
  stop();
  process.exit(1);
}
const nodes = Array.from({ length: count }, (_, i) => `http://127.0.0.1:${port + 1 + i}`);
// Built by `npm run build`, which start:cluster runs first.
/** @type {typeof import('../api/src/round-robin-proxy.js')} */
const { roundRobinProxy } = await import(new URL('../dist/api/round-robin-proxy.js', import.meta.url).href);
const started = await roundRobinProxy(nodes, { port, host: process.env.HOST ?? '0.0.0.0' });
proxy = started;
console.log(`\n${count} máy chủ trên một cơ sở dữ liệu PostgreSQL, luân phiên sau ${started.base}/ (Ctrl+C để dừng)`);
console.log(`  Trang nhúng mẫu: ${started.base}/demo/`);
