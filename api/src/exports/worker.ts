/**
 * The export worker thread: reads an attempts or contestants download on its own read-only
 * connection and writes the file (CSV, or the XLSX archive with its compression) into messages to
 * the main thread, which only passes them on to the client (exports/runner.ts). Several
 * workers may share one attempts CSV, each writing its blocks of rowids (`ExportPart`).
 *
 * Messages: a `Uint8Array` of the file, 'next' after each block, 'end' when the worker is done.
 * Backpressure: a worker may be at most `CHUNKS_AHEAD` chunks ahead of what the main thread has
 * handed to the client (the main thread acknowledges each); then it waits, so a slow client holds
 * the reading back and memory stays bounded.
 */
import { Writable } from 'node:stream';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ALL_ROWS, openExportReader, type RowidRange } from './queries.js';
import { blockRange, blockCount, blocksOf, exportSheets, type ExportJob, type ExportPart } from './jobs.js';
import { csvPieces } from './sheet.js';
import { writeXlsx } from './xlsx-stream.js';

/** Chunks of about this many bytes, at most `CHUNKS_AHEAD` unacknowledged: 2 MB in flight per worker. */
const CHUNK_BYTES = 256 * 1024;
const CHUNKS_AHEAD = 8;

export interface ExportWorkerData {
  databasePath: string;
  job: ExportJob;
  /** The blocks this worker writes when several share an attempts CSV; null: the whole file. */
  part: ExportPart | null;
}

export type ExportWorkerMessage = Uint8Array | 'next' | 'end';

/** The worker's side of the messages, with the acknowledgements that pace it. */
class Channel {
  private ahead = 0;
  private resume: (() => void) | null = null;

  constructor(private readonly port: MessagePort) {
    port.on('message', () => {
      this.ahead--;
      const resume = this.resume;
      this.resume = null;
      resume?.();
    });
  }

  /** Sends `chunks` as one message (a copy, transferred); resolves when another may be sent. */
  async send(chunks: readonly Uint8Array[]): Promise<void> {
    let length = 0;
    for (const chunk of chunks) length += chunk.length;
    if (!length) return;
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    this.port.postMessage(bytes satisfies ExportWorkerMessage, [bytes.buffer]);
    this.ahead++;
    while (this.ahead >= CHUNKS_AHEAD) await new Promise<void>((resolve) => (this.resume = resolve));
  }

  mark(message: 'next' | 'end'): void {
    this.port.postMessage(message satisfies ExportWorkerMessage);
    if (message === 'end') this.port.removeAllListeners('message'); // lets the thread end
  }
}

/** A stream into the channel, for the XLSX writer. */
function channelStream(channel: Channel): Writable {
  return new Writable({
    highWaterMark: CHUNK_BYTES,
    writev(chunks, done) {
      channel.send(chunks.map(({ chunk }) => chunk as Buffer)).then(() => done(), done);
    },
  });
}

/** The CSV text of `blocks` (each followed by 'next'), in chunks of about `CHUNK_BYTES`. */
async function sendCsv(channel: Channel, sheetOf: ReturnType<typeof exportSheets>, blocks: Iterable<{ index: number; range: RowidRange }>): Promise<void> {
  for (const { index, range } of blocks) {
    let chunk: Buffer[] = [];
    let length = 0;
    for await (const pieces of csvPieces(sheetOf(range), index === 0)) {
      for (const piece of pieces) {
        const bytes = Buffer.from(piece, 'utf8');
        chunk.push(bytes);
        length += bytes.length;
        if (length >= CHUNK_BYTES) {
          await channel.send(chunk);
          chunk = [];
          length = 0;
        }
      }
    }
    await channel.send(chunk);
    channel.mark('next');
  }
}

function* partBlocks(part: ExportPart): Generator<{ index: number; range: RowidRange }> {
  const count = blockCount(part.lastRowid);
  for (const index of blocksOf(part)) yield { index, range: blockRange(index, count) };
}

async function run(port: MessagePort, { databasePath, job, part }: ExportWorkerData): Promise<void> {
  const channel = new Channel(port);
  const db = openExportReader(databasePath);
  try {
    const sheetOf = exportSheets(db, job);
    if (job.format === 'csv') await sendCsv(channel, sheetOf, part ? partBlocks(part) : [{ index: 0, range: ALL_ROWS }]);
    else {
      const out = channelStream(channel);
      await writeXlsx(out, sheetOf(ALL_ROWS));
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      channel.mark('next');
    }
  } finally {
    db.close();
  }
  channel.mark('end');
}

if (parentPort) await run(parentPort, workerData as ExportWorkerData);
