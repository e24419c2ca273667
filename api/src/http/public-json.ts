/**
 * Public JSON as a phone receives it (issue 20): a body of more than ~1 KB goes out brotli- or
 * gzip-compressed when the client accepts it, and a body kept for many requests (units, the
 * leaderboard, the privacy notice) is compressed once and carries an ETag, so a browser that has it
 * gets a 304. Fast settings (brotli 5, gzip 6): a kept body is compressed once per version, the
 * others per request. A kept body's answers are made ready once too — the bytes and the header set
 * of each encoding and of its 304 — so a request costs a header lookup or two and a `Response`.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { brotliCompressSync, constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { chooseEncoding, notModified, representationTag, type Asset, type Encoding } from './static-asset.js';

const COMPRESS_FROM_BYTES = 1024;
const JSON_TYPE = 'application/json';

type Bytes = Uint8Array<ArrayBuffer>;

/** What a kept body answers, per encoding: its bytes, the headers of a 200 and those of a 304. */
interface Ready {
  asset: Asset;
  bytes: Partial<Record<Encoding, Bytes>>;
  ok: Partial<Record<Encoding, Record<string, string>>>;
  unchanged: Partial<Record<Encoding, Record<string, string>>>;
}

/** The ready answers of each kept body, for as long as the body itself is kept. */
const prepared = new WeakMap<Buffer, Ready>();

const bytesOf = (buffer: Buffer): Bytes => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length) as Bytes;

const brotli = (body: Buffer) =>
  brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
const gzip = (body: Buffer) => gzipSync(body, { level: 6 });

function compressed(body: Buffer): Asset['bodies'] {
  const big = body.length >= COMPRESS_FROM_BYTES;
  return { identity: body, br: big ? brotli(body) : null, gzip: big ? gzip(body) : null };
}

function prepare(body: Buffer): Ready {
  const kept = prepared.get(body);
  if (kept) return kept;
  const asset: Asset = { type: JSON_TYPE, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, bodies: compressed(body) };
  const ready: Ready = { asset, bytes: {}, ok: {}, unchanged: {} };
  for (const encoding of ['identity', 'br', 'gzip'] as const) {
    const sent = asset.bodies[encoding];
    if (!sent) continue;
    // Cache-Control here: the /api layer would otherwise set `no-store` (app.ts).
    const common = { 'Content-Type': JSON_TYPE, Vary: 'Accept-Encoding', 'Cache-Control': 'no-cache', ETag: representationTag(asset.etag, encoding) };
    ready.bytes[encoding] = bytesOf(sent);
    ready.ok[encoding] = encoding === 'identity' ? common : { ...common, 'Content-Encoding': encoding };
    ready.unchanged[encoding] = common;
  }
  prepared.set(body, ready);
  return ready;
}

/**
 * Answers `body` (encoded JSON). `kept` marks a body held for many requests: it is compressed
 * once, validated by ETag and may be revalidated (`no-cache`); other bodies stay `no-store`.
 */
export function sendPublicJson(c: Context, body: Buffer, kept: boolean): Response {
  const acceptEncoding = c.req.header('accept-encoding');
  if (kept) {
    const ready = prepare(body);
    const encoding = chooseEncoding(acceptEncoding, ready.asset);
    if (notModified(c.req.header('if-none-match'), ready.asset)) return new Response(null, { status: 304, headers: ready.unchanged[encoding]! });
    return new Response(ready.bytes[encoding]!, { status: 200, headers: ready.ok[encoding]! });
  }
  if (body.length < COMPRESS_FROM_BYTES || !acceptEncoding) return c.body(bytesOf(body), 200, { 'Content-Type': JSON_TYPE });
  // A body answered once is compressed in the one encoding it goes out in.
  const encoding = chooseEncoding(acceptEncoding, { type: JSON_TYPE, etag: '', bodies: { identity: body, br: body, gzip: body } });
  const headers: Record<string, string> = { 'Content-Type': JSON_TYPE, Vary: 'Accept-Encoding' };
  if (encoding === 'identity') return c.body(bytesOf(body), 200, headers);
  headers['Content-Encoding'] = encoding;
  return c.body(bytesOf(encoding === 'br' ? brotli(body) : gzip(body)), 200, headers);
}

/**
 * A kept body that ends with a part made per request (the contest info's server clock, `now`),
 * gzip-compressed without compressing per request: the kept part is deflated once and flushed to a
 * byte boundary (Z_SYNC_FLUSH); each answer appends the per-request tail as a final stored
 * (uncompressed) deflate block and the gzip trailer — the CRC-32 continued over the tail, and the
 * length (RFC 1951 §3.2.4, RFC 1952). Brotli is not offered: every browser that accepts it accepts gzip.
 */
export class GzipWithTail {
  private readonly head: Buffer;
  private readonly crc: number;

  constructor(readonly kept: Buffer) {
    const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    this.head = Buffer.concat([header, deflateRawSync(kept, { level: 6, finishFlush: constants.Z_SYNC_FLUSH })]);
    this.crc = crc32(kept);
  }

  /** The gzip stream of the kept part followed by `tail` (at most 65,535 bytes). */
  with(tail: Buffer): Buffer<ArrayBuffer> {
    const at = this.head.length;
    const out = Buffer.allocUnsafe(at + 5 + tail.length + 8);
    this.head.copy(out, 0);
    out[at] = 0x01; // BFINAL = 1, BTYPE = 00 (stored)
    out.writeUInt16LE(tail.length, at + 1);
    out.writeUInt16LE(~tail.length & 0xffff, at + 3);
    tail.copy(out, at + 5);
    const end = at + 5 + tail.length;
    out.writeUInt32LE(crc32(tail, this.crc), end);
    out.writeUInt32LE((this.kept.length + tail.length) % 2 ** 32, end + 4);
    return out;
  }
}

const TIMED_HEADERS: Record<'gzip' | 'identity', Record<string, string>> = {
  identity: { 'Content-Type': JSON_TYPE, Vary: 'Accept-Encoding' },
  gzip: { 'Content-Type': JSON_TYPE, Vary: 'Accept-Encoding', 'Content-Encoding': 'gzip' },
};

/** A kept body with its gzip form when it is worth one (~1 KB and more), for `timedEncoding`. */
export function gzipWithTailFor(kept: Buffer): GzipWithTail | null {
  return kept.length >= COMPRESS_FROM_BYTES ? new GzipWithTail(kept) : null;
}

/** How a body with a per-request tail goes out: gzip when it has a gzip form and the client accepts gzip. */
export function timedEncoding(c: Context, gzip: GzipWithTail | null): 'gzip' | 'identity' {
  if (!gzip) return 'identity';
  const acceptEncoding = c.req.header('accept-encoding');
  if (!acceptEncoding) return 'identity';
  // No brotli form, so never 'br'.
  return chooseEncoding(acceptEncoding, { type: JSON_TYPE, etag: '', bodies: { identity: gzip.kept, br: null, gzip: gzip.kept } }) as 'gzip' | 'identity';
}

/** Answers a body made for this request (never stored: the /api layer marks it `no-store`). */
export function sendTimedJson(body: Buffer<ArrayBuffer>, encoding: 'gzip' | 'identity'): Response {
  return new Response(body, { status: 200, headers: TIMED_HEADERS[encoding] });
}
