/**
 * Code a contestant needs only after the contest page — the registration form, the proof of work and
 * the attempt, the tables, "Dữ liệu của tôi", the review of one's attempts, the answer page and practice, the rounds of a contest that has them, the words for a host page the contest does not allow — lives in chunks of its own, fetched from the script's origin when first
 * needed (decision 0013). Keeping it out of the first download is what keeps the first screen within
 * 15 KB gzipped.
 */
const IMPORTS = {
  registration: () => import('./de-an-06-registration.js'),
  proofOfWork: () => import('./proof-of-work.js'),
  attempt: () => import('./de-an-06-attempt.js'),
  board: () => import('./de-an-06-board.js'),
  myData: () => import('./de-an-06-my-data.js'),
  // the list of one's attempts brings the review with it
  review: () => import('./de-an-06-my-attempts.js'),
  answers: () => import('./de-an-06-answers.js'),
  practice: () => import('./de-an-06-practice.js'),
  refusal: () => import('./refusal.js'),
  rounds: () => import('./de-an-06-rounds.js'),
};

export type LaterChunk = keyof typeof IMPORTS;

const loaded = new Set<LaterChunk>();

export function chunkLoaded(chunk: LaterChunk): boolean {
  return loaded.has(chunk);
}

/** Fetches a chunk; rejects when the network fails, and may simply be called again to retry. */
export async function loadChunk<C extends LaterChunk>(chunk: C): Promise<Awaited<ReturnType<(typeof IMPORTS)[C]>>> {
  const module = (await IMPORTS[chunk]()) as Awaited<ReturnType<(typeof IMPORTS)[C]>>;
  loaded.add(chunk);
  return module;
}

/** Starts fetching what the contestant is likely to need next; a failure is met again when it is needed. */
export function prefetchChunk(chunk: LaterChunk): void {
  loadChunk(chunk).catch(() => undefined);
}
