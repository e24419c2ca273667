/**
 * Attempts and contestants downloads made by a worker thread (exports/worker.ts): it reads
 * the pages on a read-only connection of its own and writes the finished CSV or XLSX bytes, so
 * the server's thread only passes them on and goes on answering contestants meanwhile; reading
 * and formatting (the work of an export) run on the other core.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Context } from 'hono';
import type { Db } from '../db/connection.js';
import { lastAttemptRowid } from './queries.js';
import { exportFilename, exportSheet, type ExportJob } from './jobs.js';
import type { ExportWorkerData, ExportWorkerMessage } from './worker.js';
import { ApiError } from '../http/errors.js';
import { exportHeaders, exportResponse, logExportError } from './responses.js';

/**
 * The worker's script beside this module: compiled JavaScript in dist/, TypeScript under vitest,
 * where the thread compiles it with tsx (a development dependency) as it loads.
 */
const WORKER_SCRIPT = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/**
 * A worker's heap. Left to itself V8 let a worker's heap grow by 150–200 MB of garbage before
 * collecting it (measured); what a worker keeps alive is a page of rows and a few caches, some
 * 10–20 MB. Two CSV workers get half as much each as a single worker.
 */
const heapLimits = (workers: number): ResourceLimits =>
  workers > 1 ? { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 48 } : { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 96 };

function startWorker(workerData: ExportWorkerData, resourceLimits: ResourceLimits): Worker {
  if (WORKER_SCRIPT.pathname.endsWith('.ts')) {
    const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_SCRIPT.href)}); })`;
    return new Worker(load, { eval: true, workerData, resourceLimits });
  }
  return new Worker(WORKER_SCRIPT, { workerData, resourceLimits });
}

/**
 * Workers that share an attempts CSV: one per core but one, at most two. Reading a page (the
 * saved answers above all) is most of an export's work, and the server's own thread must keep a
 * core to answer contestants: on two cores, two workers made them wait seconds (measured).
 */
export const CSV_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * Export workers running at once in this server. Each holds a connection, its caches and a heap
 * of up to about 110 MB: beyond this many, a further download is refused until one ends, so
 * several organisers pressing "export" together cannot exhaust the server's memory.
 */
export const MAX_EXPORT_WORKERS = 2;
let runningWorkers = 0;

/** Whether another worker may start now: at most MAX_EXPORT_WORKERS run at once. */
export const exportWorkerFree = (): boolean => runningWorkers < MAX_EXPORT_WORKERS;

/** The refusal of a download while MAX_EXPORT_WORKERS are busy (429, retry in a minute). */
export const workersBusy = () =>
  new ApiError('RATE_LIMITED', `Máy chủ đang xuất ${MAX_EXPORT_WORKERS} tệp lớn cùng lúc. Vui lòng thử lại sau ít phút.`, undefined, {
    retryAfterSeconds: 60,
  });

/**
 * The download of `job`: made by worker threads on a database file, on this thread for an
 * in-memory database (tests), which no other connection can open. 429 while MAX_EXPORT_WORKERS
 * are busy.
 */
export function exportJobResponse(c: Context, db: Db, job: ExportJob, csvWorkers = CSV_WORKERS): Response {
  if (db.memory) return exportResponse(c, job.format, exportSheet(db, job));
  if (!exportWorkerFree()) throw workersBusy();
  exportHeaders(c, job.format, exportFilename(job));
  return c.body(workerOutput(db, job, (error) => logExportError(c, error), csvWorkers), 200);
}

/** One worker's messages as they arrive; `next()` waits for the following one. */
class WorkerSource {
  private readonly worker: Worker;
  private readonly received: ExportWorkerMessage[] = [];
  private failure: Error | null = null;
  private ended = false;
  private released = false;
  private wake: (() => void) | null = null;

  constructor(data: ExportWorkerData, workers: number) {
    this.worker = startWorker(data, heapLimits(workers));
    runningWorkers++;
    this.worker.on('message', (message: ExportWorkerMessage) => {
      if (message === 'end') {
        this.ended = true;
        this.release();
      }
      this.received.push(message);
      this.notify();
    });
    this.worker.on('error', (error) => {
      this.failure ??= error;
      this.notify();
    });
    this.worker.on('exit', (code) => {
      this.release();
      if (!this.ended) this.failure ??= new Error(`Luồng xuất tệp dừng giữa chừng (mã ${code})`);
      this.notify();
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The next message; throws the worker's failure once its messages before it are taken. */
  async next(): Promise<ExportWorkerMessage> {
    while (!this.received.length && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    const message = this.received.shift();
    if (message === undefined) throw this.failure;
    return message;
  }

  /** The main thread has handed a chunk on: the worker may send another. */
  acknowledge(): void {
    this.worker.postMessage(0);
  }

  stop(): void {
    this.release();
    void this.worker.terminate();
  }

  /** This worker no longer counts against MAX_EXPORT_WORKERS: its file is written, or it was stopped. */
  private release(): void {
    if (this.released) return;
    this.released = true;
    runningWorkers--;
  }
}

/**
 * The workers' messages as the response body. The workers start on the first read of the body:
 * only once the response leaves, that is after the request's group of writes (the finalised
 * overdue attempts included) has committed (decision 0015), so their connections see them; a
 * request that fails instead never starts any. Blocks are taken from the workers in turn; each
 * chunk is acknowledged once the client's side has taken it. A client that goes away stops them;
 * a worker's failure is passed to `onError` (the log) and errors the stream.
 */
export function workerOutput(db: Db, job: ExportJob, onError: (error: unknown) => void, csvWorkers = CSV_WORKERS): ReadableStream<Uint8Array> {
  let sources: WorkerSource[] | null = null;
  let block = 0;
  let cancelled = false;
  const start = (): WorkerSource[] => {
    const databasePath = db.name;
    if (job.kind !== 'attempts' || job.format !== 'csv' || csvWorkers === 1) return [new WorkerSource({ databasePath, job, part: null }, 1)];
    const lastRowid = lastAttemptRowid(db);
    return Array.from({ length: csvWorkers }, (_, index) => new WorkerSource({ databasePath, job, part: { index, count: csvWorkers, lastRowid } }, csvWorkers));
  };
  const stop = () => sources?.forEach((source) => source.stop());
  const cancel = () => {
    cancelled = true; // the client went away: nothing to report
    stop();
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        sources ??= start();
        try {
          for (;;) {
            const message = await sources[block % sources.length]!.next();
            if (cancelled) return;
            if (message === 'next') block++;
            else if (message === 'end') {
              // The worker due has no block `block`: nobody has, the file is complete.
              controller.close();
              return stop();
            } else {
              controller.enqueue(message);
              return sources[block % sources.length]!.acknowledge();
            }
          }
        } catch (error) {
          if (cancelled) return;
          onError(error);
          controller.error(error);
          stop();
        }
      },
      cancel,
    },
    { highWaterMark: 0 },
  );
}
