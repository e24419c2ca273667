/**
 * A small round-robin proxy: each request goes to the next node in turn, as nginx's default
 * upstream balancing sends it (docs/deploy.md), with the client's address appended to
 * X-Forwarded-For. It answers 502 when the node it picked is gone (a killed node), as nginx would
 * without `proxy_next_upstream`. For trying several nodes on one machine (`npm run start:cluster`)
 * and for the tests' three nodes; production puts nginx in its place.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  base: string;
  /** How many requests each node was sent, in the order of `nodes`. */
  sent: number[];
  close(): Promise<void>;
}

/** Listens on `host:port` (a free loopback port by default) and sends each request to the next of `nodes` (http://host:port). */
export async function roundRobinProxy(nodes: readonly string[], listen: { port?: number; host?: string } = {}): Promise<RoundRobinProxy> {
  const targets = nodes.map((node) => new URL(node));
  const sent = targets.map(() => 0);
  let next = 0;
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const index = next;
    next = (next + 1) % targets.length;
    sent[index]! += 1;
    const target = targets[index]!;
    const forwardedFor = [incoming.headers['x-forwarded-for'], incoming.socket.remoteAddress].filter(Boolean).join(', ');
    const forwarded = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, 'x-forwarded-for': forwardedFor } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      outgoing.end('Máy chủ phía sau không trả lời');
    });
    incoming.pipe(forwarded);
  });
  server.keepAliveTimeout = 1000;
  const host = listen.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
