import { configFromEnv } from './config.js';
import { createAdminToken, listAdminTokens, revokeAdminTokens, type AdminRole } from './db/admin.js';
import { openDatabase } from './db/connection.js';
import { newToken, hashToken } from './tokens.js';

const USAGE = `Cách dùng: npm run cli -- <lệnh>
  token create --name "Tên người dùng" [--role organiser|jury]   tạo mã truy cập (in ra một lần duy nhất)
  token list                                                     liệt kê mã truy cập (không có mã)
  token revoke --name "Tên người dùng"                           thu hồi mọi mã của người đó
Cơ sở dữ liệu: DATABASE_PATH (mặc định data/quiz.db).`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

function main(args: string[]): number {
  const [group, command] = args;
  if (group !== 'token' || !command) {
    console.error(USAGE);
    return 2;
  }
  const config = configFromEnv();
  const db = openDatabase(config.databasePath, { synchronous: config.synchronous });
  const now = new Date();
  try {
    if (command === 'create') {
      const name = option(args, 'name');
      const role = (option(args, 'role') ?? 'organiser') as AdminRole;
      if (!name || (role !== 'organiser' && role !== 'jury')) {
        console.error(USAGE);
        return 2;
      }
      const token = newToken();
      createAdminToken(db, hashToken(token), name, role, now);
      console.log(token);
      return 0;
    }
    if (command === 'list') {
      for (const t of listAdminTokens(db)) console.log(`${t.name}\t${t.role}\t${t.createdAt}\t${t.revokedAt ? `thu hồi ${t.revokedAt}` : 'đang dùng'}`);
      return 0;
    }
    if (command === 'revoke') {
      const name = option(args, 'name');
      if (!name) {
        console.error(USAGE);
        return 2;
      }
      console.log(`Đã thu hồi ${revokeAdminTokens(db, name, now)} mã.`);
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    db.close();
  }
}

process.exitCode = main(process.argv.slice(2));
