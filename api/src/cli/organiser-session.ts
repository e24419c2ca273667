import { userInfo } from 'node:os';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { createAdminToken, revokeAdminToken } from '../db/admin.js';
import type { Db } from '../db/connection.js';
import { cryptoRandom } from '../domain/draw.js';
import { sqliteStore } from '../store/sqlite/index.js';
import { hashToken, newToken } from '../tokens.js';

/** A request to the organiser API, answered in-process by the same app the server runs. */
export type OrganiserRequest = (method: string, path: string, body?: { data: string | Uint8Array<ArrayBuffer>; contentType: string }) => Promise<Response>;

/** The name the audit log shows for what the command line did, e.g. "Dòng lệnh (thuky)". */
export function commandLineActor(env: NodeJS.ProcessEnv): string {
  let user = env.USER || env.USERNAME || '';
  try {
    user = userInfo().username || user;
  } catch {
    /* no passwd entry (some containers): keep the environment's name */
  }
  return `Dòng lệnh (${user || 'không rõ người dùng'})`;
}

/**
 * Runs `work` as an organiser: a token that exists only for this command, sent through the same
 * routes as HTTP so every rule and the audit log apply. The token is revoked when the work ends,
 * whatever happens; its value is never printed or stored.
 */
export async function asOrganiser<T>(db: Db, config: Config, actor: string, work: (request: OrganiserRequest) => Promise<T>): Promise<T> {
  const token = newToken();
  const tokenHash = hashToken(token);
  const clock = () => new Date();
  createAdminToken(db, tokenHash, actor, 'organiser', clock());
  try {
    const app = createApp({ db, store: sqliteStore({ db, clock, random: cryptoRandom, config }), clock, config, random: cryptoRandom });
    return await work((method, path, body) =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': body.contentType } : {}) },
          ...(body ? { body: body.data } : {}),
        }),
      ),
    );
  } finally {
    revokeAdminToken(db, tokenHash, clock());
  }
}
