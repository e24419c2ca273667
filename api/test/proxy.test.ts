/**
 * TRUST_PROXY=N: the client's address is the N-th X-Forwarded-For entry from the right, the one
 * the trusted proxies appended, never an entry the client wrote itself. Run against a real server
 * process behind a real appending proxy (like nginx's `$proxy_add_x_forwarded_for`).
 */
import type { Context } from 'hono';
import { createServer, request, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { clientIp } from '../src/http/deps.js';
import { call, killAll, startServer, tempDatabase } from './server-process.js';
import { OPEN, person } from './support.js';

let proxies: Server[] = [];

afterEach(async () => {
  await Promise.all(proxies.map((proxy) => new Promise((resolve) => proxy.close(resolve))));
  proxies = [];
  await killAll();
});

/** A reverse proxy on loopback that appends the address it was called from to X-Forwarded-For. */
async function appendingProxy(target: string): Promise<string> {
  const upstream = new URL(target);
  const proxy = createServer((incoming, outgoing) => {
    const forwarded = incoming.headers['x-forwarded-for'];
    const headers = { ...incoming.headers, 'x-forwarded-for': [forwarded, incoming.socket.remoteAddress].filter(Boolean).join(', ') };
    const onward = request({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    onward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(onward);
  });
  proxies.push(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

async function register(base: string, n: number, forgedAddress: string) {
  const response = await fetch(`${base}/api/contests/${OPEN}/contestants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forgedAddress },
    body: JSON.stringify(person(n)),
  });
  return { status: response.status, body: (await response.json()) as any, retryAfter: response.headers.get('retry-after') };
}

describe('behind a trusted proxy', () => {
  it('limits registrations by the address the proxy saw, whatever X-Forwarded-For the client forges', { timeout: 60_000 }, async () => {
    const server = await startServer(tempDatabase(), { RATE_LIMIT: 'on', RATE_LIMIT_REGISTRATION_PER_MINUTE: '3', TRUST_PROXY: '1' });
    const base = await appendingProxy(server.base);
    const statuses: number[] = [];
    for (let n = 1; n <= 5; n++) {
      const reply = await register(base, n, `1.2.3.${n}`);
      statuses.push(reply.status);
      if (reply.status === 429) {
        expect(reply.body.error.code).toBe('RATE_LIMITED');
        expect(Number(reply.retryAfter)).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    // The server still answers others: the limit is the address's, not the server's.
    expect((await call(base, 'GET', '/api/health')).status).toBe(200);
  });

  it('with two trusted hops takes the entry the outer proxy appended', { timeout: 60_000 }, async () => {
    const server = await startServer(tempDatabase(), { RATE_LIMIT: 'on', RATE_LIMIT_REGISTRATION_PER_MINUTE: '2', TRUST_PROXY: '2' });
    const inner = await appendingProxy(server.base);
    const outer = await appendingProxy(inner);
    const statuses: number[] = [];
    for (let n = 1; n <= 4; n++) statuses.push((await register(outer, n, `10.0.0.${n}, 1.2.3.${n}`)).status);
    expect(statuses).toEqual([201, 201, 429, 429]);
  });
});

describe('clientIp', () => {
  const context = (forwarded: string | undefined, socket = '10.9.8.7') =>
    ({
      req: { header: (name: string) => (name.toLowerCase() === 'x-forwarded-for' ? forwarded : undefined) },
      env: { incoming: { socket: { remoteAddress: socket } } },
    }) as unknown as Context;

  it('takes the socket address unless proxies are trusted', () => {
    expect(clientIp(context('1.2.3.4'), 0)).toBe('10.9.8.7');
    expect(clientIp(context(undefined), 1)).toBe('10.9.8.7');
    expect(clientIp(context(' , '), 1)).toBe('10.9.8.7');
  });

  it('takes the N-th entry from the right, never one the client wrote before it', () => {
    expect(clientIp(context('6.6.6.6, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientIp(context('6.6.6.6,203.0.113.9 , 192.0.2.1'), 2)).toBe('203.0.113.9');
    expect(clientIp(context('203.0.113.9'), 1)).toBe('203.0.113.9');
  });

  it('with fewer entries than trusted hops takes the leftmost, which a trusted proxy appended', () => {
    expect(clientIp(context('203.0.113.9'), 2)).toBe('203.0.113.9');
  });
});
