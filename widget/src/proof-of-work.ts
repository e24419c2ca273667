import type { Challenge, Solution } from './api-client.js';
import { addVietnamese } from './strings.js';

/** Said when no number solves the challenge; joins the table of strings.ts with this chunk (decision 0013). */
export const proofOfWorkTexts = {
  verifyFailed: 'Không xác minh được yêu cầu bắt đầu làm bài. Vui lòng thử lại.',
};

addVietnamese(proofOfWorkTexts);

/** Hashes started together: enough to keep the digest queue busy, few enough to keep the page responsive. */
const BATCH = 500;

/**
 * Finds the number n with SHA-256(salt + n) = challenge, trying 0, 1, 2… in batches, yielding to
 * the page between batches so it stays responsive. Null when no number
 * up to `maxnumber` fits (a challenge that was not made for this scheme).
 *
 * Browsers give `crypto.subtle` to secure pages only: on a host page served over plain http the
 * hashes are computed by `sha256` below instead (decision 0034).
 */
export async function solveChallenge({ algorithm, challenge, maxnumber = 1e6, salt, signature }: Pick<Challenge, 'algorithm' | 'challenge' | 'salt' | 'signature'> & { maxnumber?: number }): Promise<Solution | null> {
  const want = (challenge.match(/../g) ?? []).map((byte) => parseInt(byte, 16));
  const encoder = new TextEncoder();
  const subtle = globalThis.crypto?.subtle;
  const digest = (data: Uint8Array): Promise<ArrayBuffer | Uint8Array> => (subtle ? subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>) : Promise.resolve(sha256(data)));
  for (let first = 0; first <= maxnumber; first += BATCH) {
    const digests: Promise<ArrayBuffer | Uint8Array>[] = [];
    for (let n = first; n < first + BATCH && n <= maxnumber; n++) digests.push(digest(encoder.encode(salt + n)));
    const found = (await Promise.all(digests)).findIndex((bytes) => new Uint8Array(bytes).every((byte, i) => byte === want[i]));
    if (found >= 0) return { algorithm, challenge, number: first + found, salt, signature };
    // Digests can settle without a task boundary: give the event loop a turn so the page paints and answers
    // input. A message, unlike setTimeout, is not clamped to 4 ms.
    await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(0);
    });
  }
  return null;
}

/** SHA-256's initial hash values and round constants (FIPS 180-4 §4.2.2, §5.3.3), worked out once. */
let constants: { H: number[]; K: number[] } | undefined;

function sha256Constants(): { H: number[]; K: number[] } {
  if (constants) return constants;
  const fraction = (x: number) => ((x - Math.floor(x)) * 2 ** 32) | 0;
  const H: number[] = [];
  const K: number[] = [];
  for (let n = 2; K.length < 64; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (!prime) continue;
    if (H.length < 8) H.push(fraction(n ** (1 / 2)));
    K.push(fraction(n ** (1 / 3)));
  }
  return (constants = { H, K });
}

const rotate = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256 of `bytes` in plain JavaScript, for pages without `crypto.subtle` (plain http). */
export function sha256(bytes: Uint8Array): Uint8Array {
  const { H, K } = sha256Constants();
  const length = bytes.length;
  // The message, a 1 bit, zeros, and its length in bits in the last word, in 64-byte blocks.
  const words = new Int32Array((((length + 8) >> 6) + 1) * 16);
  for (let i = 0; i < length; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
  words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
  words[words.length - 1] = length * 8;
  const hash = H.slice();
  const w = new Int32Array(64);
  for (let block = 0; block < words.length; block += 16) {
    let [a, b, c, d, e, f, g, h] = hash as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = words[block + i];
      else {
        const x = w[i - 15];
        const y = w[i - 2];
        w[i] = ((rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3)) + w[i - 16] + (rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10)) + w[i - 7]) | 0;
      }
      const t1 = (h + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const t2 = ((rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, h].forEach((value, i) => (hash[i] = (hash[i] + value) | 0));
  }
  const out = new Uint8Array(32);
  hash.forEach((value, i) => {
    for (let j = 0; j < 4; j++) out[i * 4 + j] = (value >>> (24 - j * 8)) & 0xff;
  });
  return out;
}
