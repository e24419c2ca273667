import { Hono } from 'hono';
import { requireCode } from '../http/auth.js';
import type { PortableDeps } from '../http/deps.js';
import type { AdminMe } from '../contract/admin.js';

/**
 * What the organiser console needs beyond the resource routes: who the token belongs to, so the
 * console can show the name and switch to read-only for the jury before any write is refused.
 */
export function consoleRoutes(deps: PortableDeps): Hono {
  const app = new Hono();

  app.get('/me', async (c) => {
    // Any code signs in, a host site's too: the console then shows that code's own screen.
    const admin = await requireCode(deps.store, c);
    return c.json({ name: admin.name, role: admin.role, ...(admin.scope ? { scope: admin.scope } : {}) } satisfies AdminMe);
  });

  return app;
}
