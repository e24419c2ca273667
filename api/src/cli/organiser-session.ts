import { userInfo } from 'node:os';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { cryptoRandom } from '../domain/draw.js';
import type { OpenedStorage } from '../storage.js';
import { newToken } from '../tokens.js';

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
 * Runs `work` as an organiser: a code that exists only for this command, sent through the same
 * routes as HTTP so every rule and the audit log apply, on SQLite or PostgreSQL (on PostgreSQL the
 * routes not moved yet answer 501, as the server's do). The code is revoked when the work ends,
 * whatever happens; its value is never printed or stored.
 */
export async function asOrganiser<T>(storage: OpenedStorage['app'], config: Config, actor: string, work: (request: OrganiserRequest) => Promise<T>): Promise<T> {
  const token = newToken();
  const code = await storage.store.accessCodes.commandLineCode(token, actor);
  try {
    const app = createApp({ ...storage, clock: () => new Date(), config, random: cryptoRandom });
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
    await code.end();
  }
}
