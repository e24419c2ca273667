import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { contestStatus } from '../domain/contest.js';
import { RANKING_HEADER, rankingRow } from './rules.js';
import { fileExportQuerySchema, rankingExportQuerySchema } from '../contract/admin.js';
import { requireOrganiser } from '../http/auth.js';
import type { FileDownload, Store } from '../store/store.js';
import { compressedDownload } from './compressed-download.js';
import { attemptsSheets, contestantsSheet, exportFilename, type ExportJob } from './jobs.js';
import { streamedJson } from './json-stream.js';
import { exportHeaders, exportResponse, logExportError } from './responses.js';
import { mapPages, type ExportSheet, type Pages } from './sheet.js';
import { workersBusy } from './runner.js';
import { parseOrRefuse, slugParam } from '../http/validate.js';
import { missing } from '../routes/contests.js';

/** The query of a download, read by the use case once the contest is found (an unknown contest stays 404 whatever the query). */
const formatOf =
  <F extends string>(c: Context, query: z.ZodType<{ format: F }>) =>
  async () =>
    parseOrRefuse(query, c.req.query()).format;

/**
 * The organisers' downloads (`store.exports`, decision 0048): the ranking, every attempt and every
 * contestant, as CSV (UTF-8 with BOM, for Excel) or XLSX, the ranking also as JSON. Jury tokens may
 * read them. Files are streamed page by page, so an export of millions of attempts never sits in
 * memory; the use case has finalised overdue attempts and recorded the read of personal data.
 */
export function exportRoutes({ store }: { store: Pick<Store, 'accessCodes' | 'exports'> }): Hono {
  const app = new Hono();

  /** A file the use case made or pages it reads, written as the client takes it. */
  function fileResponse<R, J extends ExportJob>(c: Context, download: FileDownload<R, J>, sheetOf: (records: () => Pages<R>) => ExportSheet): Response {
    const { job, source, at } = download;
    if (source.kind === 'pages') return exportResponse(c, job.format, sheetOf(source.pages), { at });
    exportHeaders(c, job.format, exportFilename(job));
    return c.body(source.body((error) => logExportError(c, error)), 200);
  }

  app.get('/contests/:slug/ranking', compressedDownload, async (c) => {
    const admin = await requireOrganiser(store, c, 'read');
    const download = await store.exports.ranking(slugParam(c), admin.name, formatOf(c, rankingExportQuerySchema));
    if (download.kind === 'notFound') throw missing(download.what);
    const { contest, format, actual, pages, prizeOf, at } = download;
    if (format === 'json') {
      const provisional = contestStatus(contest, at) !== 'closed';
      // Streamed page by page like the files: the whole ranking of a province is millions of entries.
      return streamedJson(c, { provisional, actual, rankingOrder: contest.rankingOrder }, 'entries', pages);
    }
    const occupations = new Map(contest.occupations.map((o) => [o.id, o.name]));
    const occupationName = (id: string) => occupations.get(id) ?? id;
    return exportResponse(
      c,
      format,
      {
        filename: `xep-hang-${contest.slug}`,
        sheetName: 'Xếp hạng',
        header: RANKING_HEADER,
        widths: [7, 28, 12, 16, 13, 26, 30, 20, 7, 7, 10, 10, 26, 24, 16],
        // One score block at a time (decision 0011): the file never holds the whole ranking in memory.
        pages: mapPages(pages, (page) => page.map((e) => rankingRow(e, format === 'csv', occupationName, prizeOf(e.contestantId, e.rank)))),
      },
      { at },
    );
  });

  app.get('/contests/:slug/attempts', compressedDownload, async (c) => {
    const admin = await requireOrganiser(store, c, 'read');
    const download = await store.exports.attempts(slugParam(c), admin.name, formatOf(c, fileExportQuerySchema));
    if (download.kind === 'notFound') throw missing(download.what);
    if (download.kind === 'busy') throw workersBusy();
    return fileResponse(c, download, attemptsSheets(download.job));
  });

  app.get('/contests/:slug/contestants', compressedDownload, async (c) => {
    const admin = await requireOrganiser(store, c, 'read');
    const download = await store.exports.contestants(slugParam(c), admin.name, formatOf(c, fileExportQuerySchema));
    if (download.kind === 'notFound') throw missing(download.what);
    if (download.kind === 'busy') throw workersBusy();
    return fileResponse(c, download, (records) => contestantsSheet(download.job, records));
  });

  return app;
}
