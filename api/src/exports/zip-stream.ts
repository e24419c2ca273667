/**
 * A ZIP archive written front to back into a stream, for workbooks too big to hold in memory.
 * Entries are deflated with node:zlib (the compression runs on libuv's thread pool, beside the
 * JavaScript that produces the next rows) and checksummed with zlib.crc32. A streamed entry's
 * sizes are unknown when its header is written, so they follow it in a data descriptor; ZIP64
 * records are added where a size or an offset passes 4 GiB (a sheet of a million wide rows can).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { constants, crc32, createDeflateRaw, deflateRawSync, type DeflateRaw } from 'node:zlib';

const LIMIT_32 = 0xffffffff;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8_NAME = 0x0800;
const METHOD_DEFLATE = 8;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;

/**
 * Deflate level 1: on the repetitive XML of a sheet it compresses almost as well as the default
 * level 6 (a few per cent larger) at several times the speed, and speed is what a download of
 * millions of rows waits for. A quarter of a megabyte may wait for the compressor, so the next
 * rows are produced while it works on the thread pool instead of after it.
 */
const DEFLATE_OPTIONS = { level: 1, memLevel: 9, chunk: 64 * 1024, writableHighWaterMark: 256 * 1024 } as const;

interface CentralRecord {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  uncompressed: number;
  offset: number;
}

export interface ZipWriterOptions {
  /** ZIP64 records for every entry, not only for those past 4 GiB: lets tests read that path back. */
  forceZip64?: boolean;
  /**
   * The entries' modification time (local time, as ZIP has it); now by default. A download passes
   * its request's time, so the same rows give the same bytes whichever store they came from.
   */
  modifiedAt?: Date;
}

/** Writes a ZIP archive into `out`; every method waits for `out` to take its bytes (backpressure). */
export class ZipWriter {
  private offset = 0;
  private readonly records: CentralRecord[] = [];
  private readonly dosTime: number;
  private readonly dosDate: number;
  private readonly forceZip64: boolean;

  constructor(
    private readonly out: Writable,
    options: ZipWriterOptions = {},
    now = options.modifiedAt ?? new Date(),
  ) {
    this.forceZip64 = options.forceZip64 ?? false;
    this.dosTime = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
    this.dosDate = (Math.max(now.getFullYear() - 1980, 0) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  }

  /** A small entry given whole: compressed at once, its sizes written in its header. */
  async addFile(name: string, content: string | Buffer): Promise<void> {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const compressed = deflateRawSync(data, { level: constants.Z_DEFAULT_COMPRESSION });
    const record: CentralRecord = { name: Buffer.from(name, 'utf8'), flags: FLAG_UTF8_NAME, crc: crc32(data), compressed: compressed.length, uncompressed: data.length, offset: this.offset };
    await this.write(this.localHeader(record));
    await this.write(compressed);
    this.records.push(record);
  }

  /** A streamed entry: write its content in pieces, then `close()` it before the next entry. */
  async openEntry(name: string): Promise<ZipEntry> {
    const record: CentralRecord = { name: Buffer.from(name, 'utf8'), flags: FLAG_UTF8_NAME | FLAG_DATA_DESCRIPTOR, crc: 0, compressed: 0, uncompressed: 0, offset: this.offset };
    await this.write(this.localHeader(record));
    return new ZipEntry(
      createDeflateRaw(DEFLATE_OPTIONS),
      this.out,
      record,
      (bytes) => {
        this.offset += bytes;
      },
      async () => {
        await this.write(this.dataDescriptor(record));
        this.records.push(record);
      },
    );
  }

  /** Writes the central directory; the archive is complete once this resolves. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const record of this.records) await this.write(this.centralHeader(record));
    const size = this.offset - start;
    const count = this.records.length;
    const zip64 = this.forceZip64 || count >= 0xffff || start >= LIMIT_32 || size >= LIMIT_32;
    if (zip64) {
      const recordAt = this.offset;
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(0x06064b50, 0);
      end64.writeBigUInt64LE(44n, 4); // size of the rest of this record
      end64.writeUInt16LE(VERSION_ZIP64, 12);
      end64.writeUInt16LE(VERSION_ZIP64, 14);
      end64.writeBigUInt64LE(BigInt(count), 24);
      end64.writeBigUInt64LE(BigInt(count), 32);
      end64.writeBigUInt64LE(BigInt(size), 40);
      end64.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(recordAt), 8);
      locator.writeUInt32LE(1, 16); // one disk in all
      await this.write(Buffer.concat([end64, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(zip64 ? 0xffff : count, 8);
    end.writeUInt16LE(zip64 ? 0xffff : count, 10);
    end.writeUInt32LE(zip64 ? LIMIT_32 : size, 12);
    end.writeUInt32LE(zip64 ? LIMIT_32 : start, 16);
    await this.write(end);
  }

  private async write(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    if (!this.out.write(bytes)) await drained(this.out);
  }

  private localHeader(record: CentralRecord): Buffer {
    const streamed = (record.flags & FLAG_DATA_DESCRIPTOR) !== 0;
    const header = Buffer.alloc(30 + record.name.length);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(streamed ? VERSION_ZIP64 : VERSION_DEFAULT, 4);
    header.writeUInt16LE(record.flags, 6);
    header.writeUInt16LE(METHOD_DEFLATE, 8);
    header.writeUInt16LE(this.dosTime, 10);
    header.writeUInt16LE(this.dosDate, 12);
    // A streamed entry's checksum and sizes are zero here and follow in its data descriptor.
    header.writeUInt32LE(streamed ? 0 : record.crc, 14);
    header.writeUInt32LE(streamed ? 0 : record.compressed, 18);
    header.writeUInt32LE(streamed ? 0 : record.uncompressed, 22);
    header.writeUInt16LE(record.name.length, 26);
    record.name.copy(header, 30);
    return header;
  }

  private needsZip64(record: CentralRecord): boolean {
    return this.forceZip64 || record.compressed >= LIMIT_32 || record.uncompressed >= LIMIT_32 || record.offset >= LIMIT_32;
  }

  /** Readers take a descriptor's width from the central directory: 8-byte sizes exactly when it has a ZIP64 field. */
  private dataDescriptor(record: CentralRecord): Buffer {
    const wide = this.needsZip64(record);
    const descriptor = Buffer.alloc(wide ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(record.crc, 4);
    if (wide) {
      descriptor.writeBigUInt64LE(BigInt(record.compressed), 8);
      descriptor.writeBigUInt64LE(BigInt(record.uncompressed), 16);
    } else {
      descriptor.writeUInt32LE(record.compressed, 8);
      descriptor.writeUInt32LE(record.uncompressed, 12);
    }
    return descriptor;
  }

  private centralHeader(record: CentralRecord): Buffer {
    const zip64 = this.needsZip64(record);
    const extra = zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(record.uncompressed), 4);
      extra.writeBigUInt64LE(BigInt(record.compressed), 12);
      extra.writeBigUInt64LE(BigInt(record.offset), 20);
    }
    const header = Buffer.alloc(46 + record.name.length + extra.length);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | VERSION_ZIP64, 4); // made by: Unix
    header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, 6);
    header.writeUInt16LE(record.flags, 8);
    header.writeUInt16LE(METHOD_DEFLATE, 10);
    header.writeUInt16LE(this.dosTime, 12);
    header.writeUInt16LE(this.dosDate, 14);
    header.writeUInt32LE(record.crc, 16);
    header.writeUInt32LE(zip64 ? LIMIT_32 : record.compressed, 20);
    header.writeUInt32LE(zip64 ? LIMIT_32 : record.uncompressed, 24);
    header.writeUInt16LE(record.name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt32LE(0o100644 * 0x10000, 38); // external attributes: a regular file, rw-r--r--
    header.writeUInt32LE(zip64 ? LIMIT_32 : record.offset, 42);
    record.name.copy(header, 46);
    extra.copy(header, 46 + record.name.length);
    return header;
  }
}

/** The content of one streamed entry, deflated on its way into the archive. */
export class ZipEntry {
  private failure: Error | null = null;

  constructor(
    private readonly deflate: DeflateRaw,
    private readonly out: Writable,
    private readonly record: CentralRecord,
    counted: (bytes: number) => void,
    private readonly completed: () => Promise<void>,
  ) {
    // Compressed bytes go straight on; the deflater pauses while `out` is full, which in turn
    // makes `write()` below wait — backpressure all the way from the client to the rows.
    deflate.on('data', (chunk: Buffer) => {
      record.compressed += chunk.length;
      counted(chunk.length);
      if (!out.write(chunk)) {
        deflate.pause();
        out.once('drain', () => deflate.resume());
      }
    });
    deflate.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Adds `text` to the entry; resolves when the compressor can take more. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    const bytes = Buffer.from(text, 'utf8');
    this.record.crc = crc32(bytes, this.record.crc);
    this.record.uncompressed += bytes.length;
    if (!this.deflate.write(bytes)) await eventOrClosed(this.deflate, 'drain', this.out);
  }

  /** Flushes the compressor and completes the entry. */
  async close(): Promise<void> {
    const ended = eventOrClosed(this.deflate, 'end', this.out);
    this.deflate.end();
    await ended;
    if (this.failure) throw this.failure;
    await this.completed();
  }

  /** Drops the entry when the download is abandoned; the archive is left unfinished. */
  abort(): void {
    this.deflate.destroy();
  }
}

/**
 * Resolves when `stream` emits `event`; rejects instead when `out` closes first (the client went
 * away), so a paused compressor is never waited on for ever.
 */
async function eventOrClosed(stream: Writable | DeflateRaw, event: 'drain' | 'end', out: Writable): Promise<void> {
  const controller = new AbortController();
  const settled = (happened: Promise<unknown>) => happened.then(
    () => undefined,
    () => undefined,
  );
  try {
    await Promise.race([settled(once(stream, event, controller)), settled(once(out, 'close', controller))]);
  } finally {
    controller.abort();
  }
  if (out.destroyed) throw new Error('Kết nối tải tệp đã đóng');
}

const drained = (out: Writable) => eventOrClosed(out, 'drain', out);
