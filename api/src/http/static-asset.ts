/**
 * One static file as the server hands it out: read once per version of the file, with a content
 * ETag and its brotli and gzip forms (the build's `.br`/`.gz` siblings when they are current, else
 * made here once). Each request then costs a `stat`, a header parse and a buffer write: a host page's
 * visitors fetch the widget's scripts on every view, and a phone pays for every byte (issue 20).
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this a compressed body with its header saves nothing worth a decoder's start-up. */
const COMPRESS_FROM_BYTES = 256;
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/;

export type Encoding = 'br' | 'gzip' | 'identity';

export interface Asset {
  type: string;
  etag: string;
  bodies: Record<Encoding, Buffer | null>;
}

interface Kept {
  mtimeMs: number;
  size: number;
  asset: Asset;
}

/** The fresher of a build sibling and the file itself, or null when the sibling is missing or stale. */
async function currentSibling(path: string, mtimeMs: number): Promise<Buffer | null> {
  try {
    const info = await stat(path);
    return info.mtimeMs >= mtimeMs ? await readFile(path) : null;
  } catch {
    return null;
  }
}

async function load(path: string, type: string, mtimeMs: number): Promise<Asset> {
  const identity = await readFile(path);
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
  const bodies: Record<Encoding, Buffer | null> = { identity, br: null, gzip: null };
  if (COMPRESSIBLE.test(type) && identity.length >= COMPRESS_FROM_BYTES) {
    bodies.br =
      (await currentSibling(`${path}.br`, mtimeMs)) ??
      (await brotli(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }));
    bodies.gzip = (await currentSibling(`${path}.gz`, mtimeMs)) ?? (await gzipAsync(identity, { level: 9 }));
    // A form that is not smaller is not worth sending.
    if (bodies.br.length >= identity.length) bodies.br = null;
    if (bodies.gzip.length >= identity.length) bodies.gzip = null;
  }
  return { type, etag, bodies };
}

/** Static files by absolute path; a changed file (mtime or size) is read again. */
export class AssetCache {
  private readonly kept = new Map<string, Kept>();

  async get(path: string, type: string): Promise<Asset | null> {
    let info: Stats;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const kept = this.kept.get(path);
    if (kept && kept.mtimeMs === info.mtimeMs && kept.size === info.size) return kept.asset;
    const asset = await load(path, type, info.mtimeMs);
    this.kept.set(path, { mtimeMs: info.mtimeMs, size: info.size, asset });
    return asset;
  }
}

/** The best encoding the client accepts that the asset has: brotli, then gzip, else identity. */
export function chooseEncoding(acceptEncoding: string | undefined, asset: Asset): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name!.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (name: string) => accepted.get(name) ?? (accepted.get('*') ?? 0);
  if (asset.bodies.br && weight('br') > 0) return 'br';
  if (asset.bodies.gzip && weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** Whether `If-None-Match` names this asset (any of its encodings: they are one resource). */
export function notModified(ifNoneMatch: string | undefined, asset: Asset): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const base = asset.etag.slice(1, -1);
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').replace(/-(br|gzip)$/, '') === base);
}

/** One validator per encoding (RFC 9110 §8.8.3: each representation its own strong ETag). */
export function representationTag(etag: string, encoding: Encoding): string {
  return encoding === 'identity' ? etag : `${etag.slice(0, -1)}-${encoding}"`;
}

/** The response for an asset: 304 when the client has it, else the chosen encoding with its length. */
export function assetResponse(asset: Asset, request: { acceptEncoding?: string; ifNoneMatch?: string }, headers: Record<string, string>): Response {
  const encoding = chooseEncoding(request.acceptEncoding, asset);
  const etag = representationTag(asset.etag, encoding);
  // The 304 names its type too: the headers it carries replace the cached ones, and the security
  // headers (a page's CSP above all) are chosen by type — a 304 without it would get a resource's
  // `default-src 'none'`, and the reloaded page would run nothing.
  const common: Record<string, string> = { ...headers, 'Content-Type': asset.type, ETag: etag, Vary: 'Accept-Encoding' };
  if (notModified(request.ifNoneMatch, asset)) return new Response(null, { status: 304, headers: common });
  const body = asset.bodies[encoding]!;
  const sent: Record<string, string> = { ...common, 'Content-Length': String(body.length) };
  if (encoding !== 'identity') sent['Content-Encoding'] = encoding;
  return new Response(new Uint8Array(body.buffer, body.byteOffset, body.length) as Uint8Array<ArrayBuffer>, { headers: sent });
}
