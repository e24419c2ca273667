/**
 * Public JSON as a phone receives it (issue 20): a body of more than ~1 KB goes out brotli- or
 * gzip-compressed when the client accepts it, and a body kept for many requests (units, the
 * leaderboard) is compressed once and carries an ETag, so a browser that has it gets a 304. Fast
 * settings (brotli 5, gzip 6): a kept body is compressed once per version, the others per request.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chooseEncoding, notModified, representationTag, type Asset } from './static-asset.js';

const COMPRESS_FROM_BYTES = 1024;
const JSON_TYPE = 'application/json';

/** Compressed forms and validator of each kept body, for as long as the body itself is kept. */
const prepared = new WeakMap<Buffer, Asset>();

function prepare(body: Buffer, withEtag: boolean): Asset {
  const kept = prepared.get(body);
  if (kept) return kept;
  const big = body.length >= COMPRESS_FROM_BYTES;
  const asset: Asset = {
    type: JSON_TYPE,
    etag: withEtag ? `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` : '',
    bodies: {
      identity: body,
      br: big ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }) : null,
      gzip: big ? gzipSync(body, { level: 6 }) : null,
    },
  };
  if (withEtag) prepared.set(body, asset);
  return asset;
}

/**
 * Answers `body` (encoded JSON). `kept` marks a body held for many requests: it is compressed
 * once, validated by ETag and may be revalidated (`no-cache`); other bodies stay `no-store`.
 */
export function sendPublicJson(c: Context, body: Buffer, kept: boolean): Response {
  const acceptEncoding = c.req.header('accept-encoding');
  const big = body.length >= COMPRESS_FROM_BYTES;
  if (!kept && (!big || !acceptEncoding)) return c.body(new Uint8Array(body.buffer, body.byteOffset, body.length) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': JSON_TYPE });
  const asset = prepare(body, kept);
  const encoding = chooseEncoding(acceptEncoding, asset);
  const headers: Record<string, string> = { 'Content-Type': JSON_TYPE, Vary: 'Accept-Encoding' };
  if (kept) {
    headers['Cache-Control'] = 'no-cache';
    headers.ETag = representationTag(asset.etag, encoding);
    if (notModified(c.req.header('if-none-match'), asset)) return c.body(null, 304, headers);
  }
  const sent = asset.bodies[encoding]!;
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  return c.body(new Uint8Array(sent.buffer, sent.byteOffset, sent.length) as Uint8Array<ArrayBuffer>, 200, headers);
}
