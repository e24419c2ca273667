/**
 * The servers one measurement runs against: one node on SQLite or PostgreSQL, or several nodes on
 * one PostgreSQL database behind nginx, with the interface of one server (server.mjs `startServer`)
 * so the load runs and the organiser's timings need not know which.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNginx } from './nginx.mjs';
import { BENCH_CHALLENGE_KEY, startServer } from './server.mjs';

/**
 * `store`: { kind: 'sqlite', databasePath } or { kind: 'postgres', url }; `nodes` servers (more than
 * one only on PostgreSQL, and then behind `proxy` 'nginx'). `memory()` gives the largest node's
 * figures and every node's (`nodes`); `restart()` restarts every node; `stop()` ends all.
 * @param {{ kind: 'sqlite', databasePath: string } | { kind: 'postgres', url: string }} store
 * @param {{ nodes?: number, proxy?: string }} [topology]
 */
export async function startNodes(store, { nodes = 1, proxy } = {}) {
  if (nodes > 1 && (store.kind !== 'postgres' || proxy !== 'nginx')) throw new Error('Nhiều máy chủ cần PostgreSQL và nginx phía trước');
  /** @type {Record<string, string>} */
  const env = store.kind === 'postgres' ? { DATABASE_URL: store.url, CHALLENGE_KEY: BENCH_CHALLENGE_KEY } : {};
  // The SQLite path is ignored by a node on PostgreSQL (DATABASE_URL wins) but must be somewhere harmless.
  const databasePath = store.kind === 'sqlite' ? store.databasePath : join(tmpdir(), 'de-an-06-bench-unused.db');
  const servers = [];
  let dir = null;
  let nginx = null;
  try {
    // One after the other: the first finishes its start-up work (migrations, first code) alone.
    for (let i = 0; i < nodes; i++) servers.push(await startServer(databasePath, { env }));
    if (proxy === 'nginx') {
      dir = mkdtempSync(join(tmpdir(), 'de-an-06-bench-nginx-'));
      nginx = await startNginx(dir, servers.map((node) => Number(new URL(node.base).port)));
    }
  } catch (error) {
    for (const node of servers) await node.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const memory = () => {
    const each = servers.map((node) => node.memory());
    return { rss: Math.max(...each.map((m) => m.rss)), hwm: Math.max(...each.map((m) => m.hwm)), nodes: each };
  };
  return {
    base: nginx?.base ?? servers[0].base,
    nodes: servers.length,
    proxy: nginx ? 'nginx' : null,
    get restarts() {
      return Math.max(...servers.map((node) => node.restarts));
    },
    memory,
    /** The highest VmHWM of each node across restarts. */
    peakRss: () => servers.map((node) => node.peakRss()),
    errors: () => [...servers.map((node) => node.errors()), nginx?.errors() ?? ''].join('').trim(),
    async restart() {
      for (const node of servers) await node.restart();
    },
    async stop() {
      await nginx?.stop();
      for (const node of servers) await node.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
