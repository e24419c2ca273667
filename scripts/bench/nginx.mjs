/**
 * A real nginx in front of a benchmark server, configured as docs/nginx.md says (upstream keepalive
 * pool, timeouts, no retried POST/PUT, the server's 503 passed through), for `npm run bench --
 * --surge --proxy nginx`. It needs Debian's `nginx` package (`apt-get install nginx`); the server
 * behind it must trust two hops of X-Forwarded-For (the generator's, then nginx's).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './server.mjs';

/** The upstream block's `keepalive` in docs/nginx.md; the bench's own client pool is sized alike. */
export const NGINX_KEEPALIVE = 1024;

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

function nginxBinary() {
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new Error('Không tìm thấy nginx (cần gói nginx của Debian: apt-get install nginx) để chạy --proxy nginx');
  return found;
}

/** nginx.conf for one benchmark run: everything under `dir`, listening on `port`, proxying to the `upstreamPorts` in turn. */
function configuration(dir, port, upstreamPorts) {
  const runAsRoot = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${runAsRoot}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 16384; }
http {
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    upstream de_an_06_quiz {
${upstreamPorts.map((upstream) => `        server 127.0.0.1:${upstream};`).join('\n')}
        keepalive ${NGINX_KEEPALIVE};
        keepalive_timeout 60s;
        keepalive_requests 10000;
    }
    server {
        listen 127.0.0.1:${port} backlog=4096;
        client_max_body_size 8m;
        location / {
            proxy_pass http://de_an_06_quiz;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_connect_timeout 5s;
            proxy_read_timeout 60s;
            proxy_send_timeout 60s;
            proxy_next_upstream error timeout;
            proxy_intercept_errors off;
        }
    }
}
`;
}

/** Starts nginx in the foreground of a child process; `stop()` ends it. */
export async function startNginx(dir, upstreamPorts) {
  const binary = nginxBinary();
  const folder = join(dir, 'nginx');
  mkdirSync(folder, { recursive: true });
  const port = await freePort();
  const file = join(folder, 'nginx.conf');
  writeFileSync(file, configuration(folder, port, upstreamPorts));
  const check = spawnSync(binary, ['-t', '-q', '-c', file, '-g', 'daemon off;'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`Cấu hình nginx không hợp lệ:\n${check.stderr}`);
  const child = spawn(binary, ['-c', file, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors = (errors + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx dừng ngay khi khởi động:\n${errors}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error(`nginx không trả lời sau 30 giây:\n${errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    errors: () => errors,
    async stop() {
      child.kill('SIGQUIT'); // graceful: finishes what it is sending
      const timer = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', kill);
    },
  };
}
