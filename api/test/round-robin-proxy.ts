/**
 * A tiny round-robin proxy for tests: each request goes to the next node in turn, as nginx's
 * default upstream balancing sends it (docs/deploy.md), so consecutive requests of one client meet
 * different processes. It forwards method, path, headers and body, and answers 502 when the node
 * it picked is gone (a killed node), as nginx would without `proxy_next_upstream`.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  base: string;
  /** How many requests each node was sent, in the order of `bases`. */
  sent: number[];
  close(): Promise<void>;
}

export async function roundRobinProxy(bases: readonly string[]): Promise<RoundRobinProxy> {
  const targets = bases.map((base) => new URL(base));
  const sent = targets.map(() => 0);
  let next = 0;
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const index = next;
    next = (next + 1) % targets.length;
    sent[index]! += 1;
    const target = targets[index]!;
    const forwarded = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end('bad gateway');
    });
    incoming.pipe(forwarded);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
