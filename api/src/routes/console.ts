import { Hono } from 'hono';
import { requireAdmin } from '../http/auth.js';
import type { AppDeps } from '../http/deps.js';
import type { AdminMe } from '../contract/admin.js';

/**
 * What the organiser console needs beyond the resource routes: who the token belongs to, so the
 * console can show the name and switch to read-only for the jury before any write is refused.
 */
export function consoleRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/me', (c) => {
    const admin = requireAdmin(deps.db, c, 'read');
    return c.json({ name: admin.name, role: admin.role } satisfies AdminMe);
  });

  return app;
}
