/**
 * The organisers' command line: parses arguments, calls the data layer or the organiser API
 * in-process, and prints in Vietnamese. Exit codes: 0 done, 1 refused or failed, 2 wrong usage.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { configFromEnv, type Config } from '../config.js';
import type { AdminRole } from '../db/admin.js';
import { BackupCheckError, backupDatabase } from '../db/backup.js';
import { openDatabase, PRIVATE_FILE_MODE, tightenFileMode, type Db } from '../db/connection.js';
import { purgeExpiredNetworkData } from '../db/integrity.js';
import { MIGRATIONS } from '../db/schema.js';
import { sqliteSchemaVersion } from '../db/schema-version.js';
import { migratePostgres } from '../store/postgres/migrate.js';
import { createPool } from '../store/postgres/pool.js';
import { importContestSetup } from '../store/postgres/startup.js';
import { postgresStore } from '../store/postgres/index.js';
import { sqliteStore } from '../store/sqlite/index.js';
import type { OpenedStorage } from '../storage.js';
import { cryptoRandom } from '../domain/draw.js';
import { newToken } from '../tokens.js';
import type { flaggedWinners } from '../routes/integrity.js';
import type { PurgeView } from '../contract/admin.js';
import type { Results } from '../routes/results.js';
import { asOrganiser, commandLineActor, type OrganiserRequest } from './organiser-session.js';
import {
  errorLines,
  formatNumber,
  formatPercent,
  formatSeconds,
  formatSize,
  formatTime,
  formatVnd,
  readApiError,
  table,
} from './print.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const USAGE = `Công cụ dòng lệnh của Ban Tổ chức. Cách dùng: npm run cli -- <lệnh> [tuỳ chọn]

Mã truy cập
  token create --name "Tên" [--role organiser|jury]   tạo mã truy cập (chỉ in ra một lần)
  token list [--all]                                   liệt kê mã truy cập (không in mã)
  token revoke --name "Tên"                            thu hồi mọi mã của người đó

Nhập dữ liệu (kiểu tệp theo đuôi .json, .csv hoặc .xlsx; có dòng sai thì không nhập gì)
  import questions --contest MÃ --file TỆP             nhập câu hỏi vào ngân hàng câu hỏi
  import units --contest MÃ --file TỆP                 thay toàn bộ danh sách đơn vị
  import exclusions --contest MÃ --file TỆP            thay danh sách loại trừ (số định danh, điện thoại)

Xuất dữ liệu (mặc định định dạng theo đuôi tệp --out)
  export ranking --contest MÃ --format csv|xlsx|json --out TỆP       bảng xếp hạng đầy đủ
  export attempts --contest MÃ --format csv|xlsx|json --out TỆP      mọi lượt thi, để hậu kiểm
  export contestants --contest MÃ --format csv|xlsx|json --out TỆP   danh sách thí sinh

Kết quả
  results compute --contest MÃ                         tính thử giải thưởng, chưa công bố
  results publish --contest MÃ [--replace] [--acknowledge-flags]
                                                       công bố kết quả (--replace: công bố lại; --acknowledge-flags:
                                                       vẫn công bố khi có người đoạt giải bị gắn cờ rà soát)

Sao lưu
  backup --out TỆP                                     sao lưu cơ sở dữ liệu khi máy chủ vẫn chạy, rồi kiểm tra bản sao

Dữ liệu mạng (địa chỉ IP, trình duyệt) dùng cho rà soát tính trung thực
  purge-network-data [--contest MÃ] [--dry-run]        xoá dữ liệu mạng của các cuộc thi đã quá hạn lưu giữ
                                                       (--dry-run: chỉ đếm, không xoá)

Dữ liệu cá nhân sau thời hạn lưu giữ (sao lưu trước đó vẫn chứa dữ liệu: người vận hành tự huỷ)
  purge-personal-data --contest MÃ [--dry-run]         xoá số định danh, điện thoại, thư điện tử, ngày sinh, dữ liệu
                                                       mạng; rút gọn họ tên (trừ người đoạt giải đã công bố)

Lược đồ cơ sở dữ liệu
  migrate                                              áp dụng các bước chuyển đổi lược đồ còn thiếu (SQLite, hoặc
                                                       PostgreSQL khi đặt DATABASE_URL) và in ra những bước đã áp dụng

PostgreSQL (khi đặt DATABASE_URL)
  postgres-import --from TỆP --contest MÃ              chép một cuộc thi đã chuẩn bị trên SQLite (cuộc thi, đơn vị,
                                                       câu hỏi, danh sách loại trừ; không có thí sinh) sang PostgreSQL

  help                                                 hiện hướng dẫn này

Cơ sở dữ liệu: biến môi trường DATABASE_PATH (mặc định data/quiz.db); DATABASE_URL=postgres://… chọn PostgreSQL
(khi đó sao lưu bằng pg_dump; lệnh backup, purge-network-data và các chức năng máy chủ chưa chuyển sang PostgreSQL
báo rõ là chưa chạy được).
Lệnh nhập, xuất và kết quả đi qua đúng các quy tắc của API và được ghi nhật ký
với người thực hiện "Dòng lệnh (tên người dùng hệ điều hành)".
`;

/** A wrong invocation: the message and the usage of the command, exit code 2. */
class UsageError extends Error {}

/** A refusal already explained to the organiser: exit code 1. */
class Refused extends Error {}

type Values = Record<string, string | boolean | undefined>;

interface Context {
  io: CliIo;
  config: Config;
  out(line?: string): void;
  err(line?: string): void;
}

interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Why the command does not run on PostgreSQL (DATABASE_URL set), when it does not. */
  notOnPostgres?: string;
  run(values: Values, ctx: Context): Promise<number>;
}

const CONTEST = { contest: { type: 'string' } } as const;
const FILE_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;

/** What an import route answers, as far as the command line reports it. */
type ImportAnswer = { imported?: number; idNumbers?: unknown[]; phones?: unknown[] };

const IMPORTS: Record<string, { method: string; route: string; done(body: ImportAnswer): string }> = {
  questions: {
    method: 'POST',
    route: 'questions',
    done: (body) => `Đã nhập ${formatNumber(body.imported ?? 0)} câu hỏi.`,
  },
  units: {
    method: 'PUT',
    route: 'units',
    done: (body) => `Đã thay danh sách đơn vị: ${formatNumber(Array.isArray(body) ? body.length : (body.imported ?? 0))} đơn vị.`,
  },
  exclusions: {
    method: 'PUT',
    route: 'exclusions',
    done: (body) =>
      `Đã cập nhật danh sách loại trừ: ${formatNumber(body.idNumbers?.length ?? 0)} số định danh, ${formatNumber(body.phones?.length ?? 0)} số điện thoại.`,
  },
};

const EXPORTS: Record<string, string> = {
  ranking: 'bảng xếp hạng',
  attempts: 'danh sách lượt thi',
  contestants: 'danh sách thí sinh',
};

const COMMANDS: Record<string, Command> = {
  'token create': {
    usage: 'token create --name "Tên" [--role organiser|jury]',
    options: { name: { type: 'string' }, role: { type: 'string', default: 'organiser' } },
    async run(values, ctx) {
      const name = need(values, 'name');
      const role = values.role as AdminRole;
      if (role !== 'organiser' && role !== 'jury') throw new UsageError('Vai trò (--role) phải là organiser (Ban Tổ chức) hoặc jury (Ban Giám khảo).');
      const token = newToken();
      await withStore(ctx, true, (storage) => storage.store.accessCodes.create(token, { name, role, scope: null }, commandLineActor(ctx.io.env)));
      ctx.err(`Mã truy cập của «${name}» (vai trò ${role}). Mã chỉ hiện một lần, hãy lưu lại ngay:`);
      ctx.out(token);
      return 0;
    },
  },
  'token list': {
    usage: 'token list [--all]',
    options: { all: { type: 'boolean', default: false } },
    async run(values, ctx) {
      // The command line's revoked short-lived codes are hidden unless --all.
      const [tokens, shown] = await withStore(ctx, true, async ({ store }) => {
        const every = await store.accessCodes.list(true);
        return [every, values.all ? every : await store.accessCodes.list(false)];
      });
      if (shown.length === 0) ctx.out('Chưa có mã truy cập nào.');
      else {
        const rows = shown.map((t) => [t.name, t.role, formatTime(t.createdAt), t.revokedAt ? `đã thu hồi ${formatTime(t.revokedAt)}` : 'đang dùng']);
        for (const line of table(['Tên', 'Vai trò', 'Tạo lúc', 'Trạng thái'], rows)) ctx.out(line);
      }
      const hidden = tokens.length - shown.length;
      if (hidden > 0) ctx.out(`(Ẩn ${formatNumber(hidden)} mã tạm của dòng lệnh đã thu hồi; xem tất cả: token list --all)`);
      return 0;
    },
  },
  'token revoke': {
    usage: 'token revoke --name "Tên"',
    options: { name: { type: 'string' } },
    async run(values, ctx) {
      const name = need(values, 'name');
      const revoked = await withStore(ctx, true, (storage) => storage.store.accessCodes.revokeNamed(name, commandLineActor(ctx.io.env)));
      if (revoked === 0) {
        ctx.err(`Không có mã nào đang dùng mang tên «${name}» (xem: token list).`);
        return 1;
      }
      ctx.out(`Đã thu hồi ${formatNumber(revoked)} mã của «${name}».`);
      return 0;
    },
  },
  ...Object.fromEntries(
    Object.entries(IMPORTS).map(([what, target]): [string, Command] => [
      `import ${what}`,
      {
        usage: `import ${what} --contest MÃ --file TỆP(.json|.csv|.xlsx)`,
        options: { ...CONTEST, file: { type: 'string' } },
        async run(values, ctx) {
          const slug = need(values, 'contest');
          const file = need(values, 'file');
          const contentType = FILE_TYPES[extname(file).toLowerCase()];
          if (!contentType) throw new UsageError(`Không nhận ra kiểu tệp «${file}»: đuôi tệp phải là .json, .csv hoặc .xlsx.`);
          const data = readInput(file);
          return organiser(ctx, async (request) => {
            const response = await request(target.method, contestPath(slug, target.route), { data, contentType });
            if (!response.ok) return refuse(ctx, response, contentType === 'application/json' ? 'items' : 'lines');
            ctx.out(target.done((await response.json()) as ImportAnswer));
            return 0;
          });
        },
      },
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(EXPORTS).map(([what, label]): [string, Command] => [
      `export ${what}`,
      {
        usage: `export ${what} --contest MÃ --format csv|xlsx|json --out TỆP`,
        options: { ...CONTEST, format: { type: 'string' }, out: { type: 'string' } },
        async run(values, ctx) {
          const slug = need(values, 'contest');
          const out = need(values, 'out');
          const format = (values.format as string | undefined) ?? extname(out).slice(1).toLowerCase();
          if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
            throw new UsageError('Định dạng (--format) phải là csv, xlsx hoặc json.');
          }
          return organiser(ctx, async (request) => {
            const response = await request('GET', `${contestPath(slug, what)}?format=${format}`);
            if (!response.ok) return refuse(ctx, response);
            const size = await writeBody(response, out);
            ctx.out(`Đã xuất ${label} (${format.toUpperCase()}) ra «${out}» (${formatSize(size)}).`);
            return 0;
          });
        },
      },
    ]),
  ),
  'results compute': {
    usage: 'results compute --contest MÃ',
    options: CONTEST,
    async run(values, ctx) {
      return results(ctx, need(values, 'contest'), false, false);
    },
  },
  'results publish': {
    usage: 'results publish --contest MÃ [--replace] [--acknowledge-flags]',
    options: { ...CONTEST, replace: { type: 'boolean', default: false }, 'acknowledge-flags': { type: 'boolean', default: false } },
    async run(values, ctx) {
      return results(ctx, need(values, 'contest'), true, values.replace === true, values['acknowledge-flags'] === true);
    },
  },
  'purge-network-data': {
    usage: 'purge-network-data [--contest MÃ] [--dry-run]',
    options: { ...CONTEST, 'dry-run': { type: 'boolean', default: false } },
    notOnPostgres: 'Lệnh purge-network-data chưa chạy được trên PostgreSQL (DATABASE_URL đang được đặt).',
    async run(values, ctx) {
      const slug = typeof values.contest === 'string' ? values.contest : undefined;
      const dryRun = values['dry-run'] === true;
      return withDb(ctx, true, (db) => {
        const purged = purgeExpiredNetworkData(db, { slug, now: new Date(), dryRun, actor: commandLineActor(ctx.io.env) });
        if (slug && purged.length === 0) throw new Refused(`Không tìm thấy cuộc thi «${slug}».`);
        let contestants = 0;
        let attempts = 0;
        for (const p of purged) {
          if (!p.due) {
            ctx.out(`«${p.slug}»: chưa đến hạn xoá (lưu giữ đến ${formatTime(p.retentionUntil)}), không xoá gì.`);
            continue;
          }
          contestants += p.contestants;
          attempts += p.attempts;
          const verb = dryRun ? 'sẽ xoá' : 'đã xoá';
          ctx.out(`«${p.slug}»: hết hạn lưu giữ lúc ${formatTime(p.retentionUntil)}; ${verb} dữ liệu mạng của ${formatNumber(p.contestants)} lượt đăng ký và ${formatNumber(p.attempts)} lượt thi.`);
        }
        ctx.out(
          dryRun
            ? `Chạy thử: ${formatNumber(contestants)} lượt đăng ký và ${formatNumber(attempts)} lượt thi sẽ bị xoá dữ liệu mạng; chưa xoá gì.`
            : `Tổng cộng đã xoá dữ liệu mạng của ${formatNumber(contestants)} lượt đăng ký và ${formatNumber(attempts)} lượt thi.`,
        );
        return 0;
      });
    },
  },
  'purge-personal-data': {
    usage: 'purge-personal-data --contest MÃ [--dry-run]',
    options: { ...CONTEST, 'dry-run': { type: 'boolean', default: false } },
    async run(values, ctx) {
      const slug = need(values, 'contest');
      const dryRun = values['dry-run'] === true;
      return organiser(ctx, async (request) => {
        const response = await request('POST', contestPath(slug, 'purge-personal-data'), { data: JSON.stringify({ dryRun }), contentType: 'application/json' });
        if (!response.ok) return refuse(ctx, response);
        const r = (await response.json()) as PurgeView;
        const n = r.counts;
        const verb = dryRun ? 'sẽ xoá' : 'đã xoá';
        if (!r.due) ctx.out(`«${slug}»: chưa đến hạn xoá (lưu giữ đến ${formatTime(r.retentionUntil)}).`);
        ctx.out(
          `«${slug}»: ${verb} ${formatNumber(n.idNumbers)} số định danh, ${formatNumber(n.phones)} số điện thoại, ${formatNumber(n.emails)} thư điện tử, ` +
            `${formatNumber(n.birthDates)} ngày sinh, ${formatNumber(n.guardians)} thông tin người giám hộ, ${formatNumber(n.exclusions)} mục danh sách loại trừ, ${formatNumber(n.dataRequests)} nội dung yêu cầu; ` +
            `dữ liệu mạng của ${formatNumber(n.networkData.contestants)} lượt đăng ký và ${formatNumber(n.networkData.attempts)} lượt thi; ` +
            `${formatNumber(n.erasureLimits)} dấu vết số lượt thi của người đã tự xoá dữ liệu; ` +
            `rút gọn ${formatNumber(n.names)} họ tên (giữ ${formatNumber(n.namesKept)} người đoạt giải đã công bố).`,
        );
        if (dryRun) ctx.out('Chạy thử: chưa xoá gì.');
        return 0;
      });
    },
  },
  migrate: {
    usage: 'migrate',
    options: {},
    async run(_values, ctx) {
      const store = ctx.config.store;
      if (store.kind === 'postgres') {
        // No statement timeout: building an index on a large table may take longer than a request may.
        const pool = createPool({ url: store.url, poolSize: 1, statementTimeoutMs: 0, applicationName: 'de-an-06-quiz migrate' });
        try {
          const report = await migratePostgres(pool);
          const where = `PostgreSQL «${describeDatabaseUrl(store.url)}»`;
          if (report.applied.length === 0) ctx.out(`Lược đồ ${where} đã mới nhất (phiên bản ${report.version}): không có gì để áp dụng.`);
          else {
            ctx.out(`Đã áp dụng ${formatNumber(report.applied.length)} bước chuyển đổi lược đồ cho ${where}:`);
            for (const m of report.applied) ctx.out(`  ${m.version}. ${m.name}`);
            ctx.out(`Lược đồ đang ở phiên bản ${report.version}.`);
          }
          return 0;
        } finally {
          await pool.end();
        }
      }
      const before = sqliteSchemaVersion(store.path);
      withDb(ctx, false, () => undefined); // opening migrates
      const where = `SQLite «${store.path}»`;
      if (before >= MIGRATIONS.length) ctx.out(`Lược đồ ${where} đã mới nhất (phiên bản ${before}): không có gì để áp dụng.`);
      else ctx.out(`Đã áp dụng ${formatNumber(MIGRATIONS.length - before)} bước chuyển đổi lược đồ cho ${where}: phiên bản ${before} → ${MIGRATIONS.length}.`);
      return 0;
    },
  },
  'postgres-import': {
    usage: 'postgres-import --from TỆP --contest MÃ',
    options: { from: { type: 'string' }, contest: { type: 'string' } },
    async run(values, ctx) {
      const from = need(values, 'from');
      const slug = need(values, 'contest');
      const store = ctx.config.store;
      if (store.kind !== 'postgres') throw new Refused('Lệnh postgres-import chép sang PostgreSQL: hãy đặt DATABASE_URL=postgres://… trỏ tới cơ sở dữ liệu đích.');
      if (!existsSync(from)) throw new Refused(`Không tìm thấy cơ sở dữ liệu SQLite «${from}».`);
      const db = openDatabase(from);
      const pool = createPool({ url: store.url, poolSize: 1, applicationName: 'de-an-06-quiz postgres-import' });
      try {
        await migratePostgres(pool);
        const outcome = await importContestSetup(db, pool, slug, commandLineActor(ctx.io.env), new Date());
        const where = `PostgreSQL «${describeDatabaseUrl(store.url)}»`;
        if (outcome.kind === 'noSuchContest') throw new Refused(`Không có cuộc thi «${slug}» trong «${from}».`);
        if (outcome.kind === 'exists') throw new Refused(`${where} đã có cuộc thi «${slug}»: không chép đè.`);
        const r = outcome.rows;
        ctx.out(
          `Đã chép cuộc thi «${slug}» từ «${from}» sang ${where}: ${formatNumber(r.units)} đơn vị, ${formatNumber(r.questions)} câu hỏi, ${formatNumber(r.exclusions)} mục danh sách loại trừ.`,
        );
        return 0;
      } finally {
        db.close();
        await pool.end();
      }
    },
  },
  backup: {
    usage: 'backup --out TỆP',
    options: { out: { type: 'string' } },
    notOnPostgres:
      'Lệnh backup sao lưu tệp SQLite. Trên PostgreSQL (DATABASE_URL đang được đặt) hãy sao lưu bằng pg_dump hoặc pg_basebackup, như docs/deploy.md hướng dẫn.',
    async run(values, ctx) {
      const out = need(values, 'out');
      if (resolve(out) === resolve(ctx.config.databasePath)) throw new UsageError('Tệp sao lưu phải khác tệp cơ sở dữ liệu đang chạy.');
      if (!existsSync(dirname(resolve(out)))) throw new Refused(`Thư mục «${dirname(out)}» không tồn tại.`);
      const db = openExisting(ctx);
      try {
        const report = await backupDatabase(db, out);
        ctx.out(`Đã sao lưu «${ctx.config.databasePath}» vào «${out}» (${formatSize(report.sizeBytes)}). Kiểm tra toàn vẹn: đạt.`);
        ctx.out(`Bản sao có ${formatNumber(report.contestants)} thí sinh và ${formatNumber(report.attempts)} lượt thi.`);
        return 0;
      } catch (error) {
        if (error instanceof BackupCheckError) {
          throw new Refused(`Bản sao không qua kiểm tra toàn vẹn nên đã bị huỷ: ${error.integrity.slice(0, 5).join('; ')}`);
        }
        throw error;
      } finally {
        db.close();
      }
    },
  },
};

/** Runs one command line (without `node cli.js`) and answers its exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const out = (line = '') => void io.stdout.write(`${line}\n`);
  const err = (line = '') => void io.stderr.write(`${line}\n`);
  const [first = '', second = ''] = args;
  if (['help', '--help', '-h'].includes(first)) {
    io.stdout.write(USAGE);
    return 0;
  }
  const name = COMMANDS[`${first} ${second}`] ? `${first} ${second}` : first;
  const command = COMMANDS[name];
  if (!command) {
    err(first ? `Không có lệnh «${[first, second].filter((a) => a && !a.startsWith('-')).join(' ')}».` : 'Chưa nêu lệnh.');
    err();
    io.stderr.write(USAGE);
    return 2;
  }
  try {
    const values = parseOptions(command, args.slice(name.split(' ').length));
    const config = configFromEnv(io.env);
    if (config.store.kind === 'postgres' && command.notOnPostgres) {
      throw new Refused(`${command.notOnPostgres} Bỏ DATABASE_URL để dùng SQLite tại DATABASE_PATH.`);
    }
    return await command.run(values, { io, config, out, err });
  } catch (error) {
    if (error instanceof UsageError) {
      err(error.message);
      err(`Cách dùng: npm run cli -- ${command.usage}`);
      return 2;
    }
    err(error instanceof Refused ? error.message : `Lỗi: ${describeFailure(error)}`);
    return 1;
  }
}

function parseOptions(command: Command, args: string[]): Values {
  try {
    return parseArgs({ args, options: command.options, strict: true, allowPositionals: false }).values as Values;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const option = /'(-[^'\s]+)/.exec((error as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`Tuỳ chọn «${option ?? ''}» cần một giá trị.`);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`Lệnh này không có tuỳ chọn «${option ?? ''}».`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('Có tham số thừa; giá trị có dấu cách phải đặt trong ngoặc kép.');
    throw new UsageError('Tham số không hợp lệ.');
  }
}

function need(values: Values, option: string): string {
  const value = values[option];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`Thiếu tuỳ chọn --${option}.`);
  return value;
}

const contestPath = (slug: string, rest: string) => `/api/admin/contests/${encodeURIComponent(slug)}/${rest}`;

function withDb<T>(ctx: Context, mustExist: boolean, work: (db: Db) => T): T {
  const db = mustExist ? openExisting(ctx) : openDatabase(ctx.config.databasePath, { synchronous: ctx.config.synchronous });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Only token commands may create the database (before the first start); others need the real one. */
function openExisting(ctx: Context): Db {
  const path = ctx.config.databasePath;
  if (!existsSync(path)) throw new Refused(`Không tìm thấy cơ sở dữ liệu «${path}». Kiểm tra biến môi trường DATABASE_PATH.`);
  return openDatabase(path, { synchronous: ctx.config.synchronous });
}

/**
 * The store the configuration names, for one command: SQLite at DATABASE_PATH (created only when
 * `mayCreate`: token commands before the first start), or PostgreSQL at DATABASE_URL (migrated
 * first, as a starting server does).
 */
async function withStore<T>(ctx: Context, mayCreate: boolean, work: (storage: OpenedStorage['app']) => Promise<T>): Promise<T> {
  const settings = ctx.config.store;
  const clock = () => new Date();
  if (settings.kind === 'postgres') {
    const pool = createPool({ url: settings.url, poolSize: 2, applicationName: 'de-an-06-quiz cli' });
    try {
      await migratePostgres(pool);
      return await work({ db: null, store: postgresStore({ pool, clock, random: cryptoRandom, config: ctx.config }) });
    } finally {
      await pool.end();
    }
  }
  const db = mayCreate ? openDatabase(ctx.config.databasePath, { synchronous: ctx.config.synchronous }) : openExisting(ctx);
  try {
    return await work({ db, store: sqliteStore({ db, clock, random: cryptoRandom, config: ctx.config }) });
  } finally {
    db.close();
  }
}

function organiser(ctx: Context, work: (request: OrganiserRequest) => Promise<number>): Promise<number> {
  return withStore(ctx, false, (storage) => asOrganiser(storage, ctx.config, commandLineActor(ctx.io.env), work));
}

async function refuse(ctx: Context, response: Response, rowsAre: 'lines' | 'items' = 'lines'): Promise<number> {
  for (const line of errorLines(response.status, await readApiError(response), rowsAre)) ctx.err(line);
  return 1;
}

function readInput(file: string): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new Refused(`Không đọc được tệp «${file}»: ${describeFailure(error)}`);
  }
}

/** Streams a response body to `out`, replacing it only once the whole body is written. */
async function writeBody(response: Response, out: string): Promise<number> {
  const partial = `${out}.${process.pid}.partial`;
  try {
    const body = response.body ? Readable.fromWeb(response.body as unknown as NodeReadableStream) : Readable.from([]);
    await pipeline(body, createWriteStream(partial, { mode: PRIVATE_FILE_MODE }));
    tightenFileMode(partial); // an old partial file of the same name keeps its mode otherwise
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new Refused(`Không ghi được tệp «${out}»: ${describeFailure(error)}`);
  }
  return statSync(out).size;
}

const PREDICTION_TARGETS: Record<string, string> = {
  participants: 'số người tham gia',
  attempts: 'số lượt thi',
  perfectParticipants: 'số người đạt điểm tuyệt đối',
};

async function results(ctx: Context, slug: string, publish: boolean, replace: boolean, acknowledgeFlags = false): Promise<number> {
  return organiser(ctx, async (request) => {
    const response = await request('POST', contestPath(slug, 'results'), {
      data: JSON.stringify({ publish, replace, ...(acknowledgeFlags ? { acknowledgeFlags } : {}) }),
      contentType: 'application/json',
    });
    if (!response.ok) {
      const error = await readApiError(response);
      for (const line of errorLines(response.status, error)) ctx.err(line);
      if (publish && error?.code === 'CONFLICT') ctx.err('Muốn công bố lại (ghi nhật ký), chạy lại lệnh với --replace.');
      if (publish && error?.code === 'FLAGGED_WINNERS') {
        ctx.err('Xem màn hình «Rà soát tính trung thực»; muốn vẫn công bố (ghi nhật ký), chạy lại lệnh với --acknowledge-flags.');
      }
      return 1;
    }
    const r = (await response.json()) as Results & { publishedAt?: string; flaggedWinners?: ReturnType<typeof flaggedWinners> };
    ctx.out(
      publish
        ? `Đã công bố kết quả cuộc thi «${slug}» lúc ${formatTime(r.publishedAt ?? r.computedAt)}.`
        : `Kết quả tính thử cuộc thi «${slug}» lúc ${formatTime(r.computedAt)} (chưa công bố).`,
    );
    if (r.provisional) ctx.out('Cuộc thi chưa kết thúc nên đây là kết quả tạm thời.');
    if (r.flaggedWinners?.length) {
      ctx.out(`${formatNumber(r.flaggedWinners.length)} người đoạt giải bị gắn cờ rà soát tính trung thực: ${r.flaggedWinners.map((w) => w.name).join(', ')}.`);
    }
    ctx.out(`Đáp án câu hỏi dự đoán (${PREDICTION_TARGETS[r.predictionTarget] ?? r.predictionTarget}): ${formatNumber(r.actual)}.`);
    ctx.out();
    ctx.out(`Giải cá nhân (${formatNumber(r.individual.length)}):`);
    if (r.individual.length === 0) ctx.out('  Chưa có ai đoạt giải.');
    else {
      const rows = r.individual.map((a) => [a.prize, formatVnd(a.valueVnd), a.rank, a.name, a.unit, a.birthYear, `${a.score}/${a.total}`, formatSeconds(a.durationMs), a.prediction]);
      for (const line of table(['Giải', 'Giá trị', 'Hạng', 'Họ và tên', 'Đơn vị', 'Năm sinh', 'Điểm', 'Thời gian', 'Dự đoán'], rows)) ctx.out(`  ${line}`);
    }
    ctx.out();
    const criterion = r.collectiveCriterion === 'participationRate' ? 'tỉ lệ tham gia' : 'số người tham gia';
    ctx.out(`Giải tập thể (${formatNumber(r.collective.length)}, xét theo ${criterion}):`);
    if (r.collective.length === 0) ctx.out('  Chưa có đơn vị nào đoạt giải.');
    else {
      const rows = r.collective.map((a) => [a.prize, formatVnd(a.valueVnd), a.unit, formatNumber(a.participants), a.rate === undefined ? null : formatPercent(a.rate), formatNumber(a.averageScore)]);
      for (const line of table(['Giải', 'Giá trị', 'Đơn vị', 'Người tham gia', 'Tỉ lệ', 'Điểm trung bình'], rows)) ctx.out(`  ${line}`);
    }
    return 0;
  });
}

/** Host, port and database of a DATABASE_URL, without its user or password. */
function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** A failure of the machine (file system, database), in Vietnamese where its code is known. */
function describeFailure(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const known: Record<string, string> = {
    ENOENT: 'không tìm thấy tệp hoặc thư mục',
    EACCES: 'không có quyền truy cập',
    EPERM: 'không có quyền truy cập',
    EISDIR: 'đây là một thư mục, không phải tệp',
    ENOSPC: 'ổ đĩa đã đầy',
    EROFS: 'ổ đĩa chỉ cho đọc',
    SQLITE_BUSY: 'cơ sở dữ liệu đang bận, hãy thử lại',
    SQLITE_CORRUPT: 'cơ sở dữ liệu bị hỏng',
    SQLITE_NOTADB: 'tệp không phải cơ sở dữ liệu SQLite',
    SQLITE_CANTOPEN: 'không mở được cơ sở dữ liệu',
    ECONNREFUSED: 'không kết nối được máy chủ PostgreSQL (kiểm tra DATABASE_URL và máy chủ có đang chạy)',
    ENOTFOUND: 'không tìm thấy máy chủ PostgreSQL nêu trong DATABASE_URL',
    PG_CONNECTION: 'mất kết nối tới máy chủ PostgreSQL',
    '3D000': 'cơ sở dữ liệu PostgreSQL nêu trong DATABASE_URL không tồn tại',
    '28000': 'máy chủ PostgreSQL từ chối người dùng nêu trong DATABASE_URL',
    '28P01': 'sai mật khẩu PostgreSQL trong DATABASE_URL',
    '57P03': 'máy chủ PostgreSQL đang khởi động, hãy thử lại',
  };
  if (code && known[code]) return known[code];
  return error instanceof Error ? error.message : String(error);
}
