import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { logExportError, nextTurn } from './responses.js';
import type { Pages } from './sheet.js';

/**
 * A JSON object streamed to the client: the fields of `head`, then `key` as an array written page
 * by page, so a ranking of millions of people never sits in memory as one array or one string.
 * Each page is produced only once the previous one has been taken, with a turn of the event loop
 * in between, as the CSV and XLSX downloads do (responses.ts).
 */
export function streamedJson(c: Context, head: Record<string, unknown>, key: string, pages: Pages<unknown>): Response {
  c.header('Content-Type', 'application/json; charset=utf-8');
  const opening = JSON.stringify(head).slice(0, -1);
  return stream(
    c,
    async (out) => {
      await out.write(`${opening}${opening.length > 1 ? ',' : ''}${JSON.stringify(key)}:[`);
      let first = true;
      for await (const page of pages) {
        if (out.aborted) return;
        if (page.length === 0) continue;
        const items = page.map((item) => JSON.stringify(item)).join(',');
        await out.write(first ? items : `,${items}`);
        first = false;
        await nextTurn();
      }
      await out.write(']}');
    },
    async (error) => logExportError(c, error),
  );
}
