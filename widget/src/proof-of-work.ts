import type { Challenge, Solution } from './api-client.js';

/** Hashes started together: enough to keep the digest queue busy, few enough to keep the page responsive. */
const BATCH = 500;

/**
 * Finds the number n with SHA-256(salt + n) = challenge, trying 0, 1, 2… in batches, yielding to
 * the page between batches so it stays responsive. Null when no number
 * up to `maxnumber` fits (a challenge that was not made for this scheme).
 */
export async function solveChallenge({ algorithm, challenge, maxnumber = 1e6, salt, signature }: Challenge): Promise<Solution | null> {
  const want = (challenge.match(/../g) ?? []).map((byte) => parseInt(byte, 16));
  const encoder = new TextEncoder();
  for (let first = 0; first <= maxnumber; first += BATCH) {
    const digests: Promise<ArrayBuffer>[] = [];
    for (let n = first; n < first + BATCH && n <= maxnumber; n++) digests.push(crypto.subtle.digest('SHA-256', encoder.encode(salt + n)));
    const found = (await Promise.all(digests)).findIndex((digest) => new Uint8Array(digest).every((byte, i) => byte === want[i]));
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
