/**
 * The suites that run real server processes (crash, races, faults, durability) start the compiled
 * server, `dist/api/server.js`: through `node --import tsx` every start compiled the whole API
 * again, about 3 s on a busy 2-core machine, and the crash suite's 22 restarts ran out of time.
 * This global setup compiles the API once per run when `dist/api` is older than its sources
 * (`npm test` builds it first, so there it costs nothing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILT_SERVER = 'dist/api/server.js';

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtIsCurrent(): boolean {
  if (!existsSync(BUILT_SERVER)) return false;
  const built = statSync(BUILT_SERVER).mtimeMs;
  return built >= newestSource('api/src') && built >= statSync('tsconfig.api.json').mtimeMs && built >= statSync('tsconfig.json').mtimeMs;
}

export default function buildServerWhenStale(): void {
  if (builtIsCurrent()) return;
  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  const { status, stdout, stderr } = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.api.json'], { encoding: 'utf8' });
  // tsc still emits on a type error; the type check has its own step, so only a missing server stops here.
  if (status !== 0) console.warn(`tsc -p tsconfig.api.json exited with ${status}:\n${stdout}${stderr}`);
  if (!existsSync(BUILT_SERVER)) throw new Error(`the API did not compile:\n${stdout}${stderr}`);
}
