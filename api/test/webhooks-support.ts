/**
 * For the webhook suites (webhooks*.test.ts): a real HTTP receiver on 127.0.0.1 that records what
 * it is sent and answers as the test says, and a signature check written apart from the server's
 * (webhooks/delivery.ts), from node:crypto alone, as a host site would write it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The status the next requests get (a function of how many came before); 200 by default. */
  answer: (index: number) => number;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(answer: (index: number) => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: Receiver = {
    url: '',
    received,
    answer,
    waitFor: (count) => (received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = received.length;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(receiver.answer(index), { 'content-type': 'text/plain' }).end('ok');
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  receiver.url = `http://127.0.0.1:${port}/hook`;
  return receiver;
}

/**
 * A host site's check of `X-De-An-06-Signature: t=<unix>,v1=<hex>`: HMAC-SHA256 of "t.body" with
 * the secret, compared in constant time, `t` within five minutes of `nowSeconds`.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, nowSeconds: number): { ok: boolean; t: number } {
  const parts = new Map((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${t}.${body}`, 'utf8')).digest();
  const ok = Number.isInteger(t) && Math.abs(nowSeconds - t) <= 300 && given.length === expected.length && timingSafeEqual(given, expected);
  return { ok, t };
}
