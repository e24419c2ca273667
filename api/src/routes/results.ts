import { Hono, type Context } from 'hono';
import type { ComputedResults } from '../contract/admin.js';
import { computeResultsSchema, winnersQuerySchema } from '../contract/admin.js';
import type { Results } from '../domain/results.js';
import { formatVietnamTime } from '../domain/vietnam-format.js';
import { winnersSheets, winnersTable, type WinnersTable } from '../domain/winners.js';
import { workbookResponse, type ExportSheet } from '../exports/responses.js';
import { requireOrganiser } from '../http/auth.js';
import { ApiError } from '../http/errors.js';
import { sendPublicJson } from '../http/public-json.js';
import { parseOrRefuse, readOptionalJson, slugParam } from '../http/validate.js';
import type { ResultsOutcome, ResultsRequest, Store, Winners } from '../store/store.js';
import { missing } from './contests.js';

export type { Results };

/** 409 HEADCOUNT_MISSING: by participation rate, these competing units need a headcount first (SPEC §2). */
export function headcountMissing(units: readonly { unitId: string; name: string }[]): ApiError {
  return new ApiError(
    'HEADCOUNT_MISSING',
    `Chưa tính được giải tập thể theo tỷ lệ tham gia: ${units.length} đơn vị dự giải chưa khai báo số người (headcount): ${units.map((u) => u.name).join(', ')}. Hãy nhập số người của cả đơn vị (kể cả đơn vị trực thuộc) ở màn hình Đơn vị, bỏ chọn «Dự giải tập thể» cho đơn vị không dự giải, hoặc chuyển tiêu chí sang số người tham gia.`,
    { headcount: 'Đơn vị dự giải tập thể cần có số người' },
    { units: units.map((u) => ({ id: u.unitId, name: u.name })) },
  );
}

/** What anyone may see of published results: names, units and birth years, no identity data. */
export function publicResults(published: { publishedAt: string; payload: Results }) {
  const r = published.payload;
  return {
    publishedAt: published.publishedAt,
    provisional: r.provisional,
    ...(r.outdated ? { outdated: true } : {}),
    predictionTarget: r.predictionTarget,
    actual: r.actual,
    individual: r.individual.map(({ prize, valueVnd, rank, name, publicName, unit, birthYear, score, total, durationMs, prediction }) => ({
      prize,
      valueVnd,
      rank,
      name: publicName ?? name,
      unit,
      birthYear,
      score,
      total,
      durationMs,
      prediction,
    })),
    collective: r.collective.map(({ prize, valueVnd, unit, participants, attempts, rate, averageScore }) => ({
      prize,
      valueVnd,
      unit,
      participants,
      attempts,
      ...(rate === undefined ? {} : { rate }),
      averageScore,
    })),
  };
}

/** `POST …/results`: the body (a dry run when absent) and who asks; publishing needs a writer. */
export async function resultsRequest(store: Pick<Store, 'accessCodes'>, c: Context): Promise<ResultsRequest> {
  await requireOrganiser(store, c, 'read');
  const body = (await readOptionalJson(c, computeResultsSchema)) ?? { publish: false, replace: false, acknowledgeFlags: false };
  return { ...body, by: (await requireOrganiser(store, c, body.publish ? 'write' : 'read')).name };
}

/**
 * The answer to a dry run or a publication (`store.results.compute`), for the contest's prizes
 * (`whose` '') and a round's (' của vòng'); its refusals as 404, 409 CONFLICT (a round without
 * prizes, published already), HEADCOUNT_MISSING and FLAGGED_WINNERS.
 */
export function answerResults(outcome: ResultsOutcome, whose: string): ComputedResults {
  switch (outcome.kind) {
    case 'notFound':
      throw missing(outcome.what);
    case 'noRoundPrizes':
      throw new ApiError('CONFLICT', `Vòng «${outcome.round.title}» không có giải riêng. Hãy khai báo giải của vòng (rounds[].prizes) trong cài đặt cuộc thi.`, {
        prizes: 'Vòng chưa có giải riêng',
      });
    case 'headcountMissing':
      throw headcountMissing(outcome.units);
    case 'flagged':
      throw new ApiError(
        'FLAGGED_WINNERS',
        `Có ${outcome.flagged.length} người đoạt giải${whose} bị gắn cờ trong rà soát tính trung thực: ${outcome.flagged.map((w) => w.name).join(', ')}. Hãy xem lại trước khi công bố, hoặc gửi kèm "acknowledgeFlags": true để xác nhận vẫn công bố (thao tác được ghi nhật ký).`,
        { acknowledgeFlags: 'Cần xác nhận công bố khi có người đoạt giải bị gắn cờ' },
        { flaggedWinners: outcome.flagged },
      );
    case 'alreadyPublished':
      throw new ApiError('CONFLICT', `Kết quả${whose} đã được công bố. Muốn công bố lại, gửi kèm "replace": true (thao tác được ghi nhật ký).`, {
        replace: 'Cần xác nhận công bố lại',
      });
    case 'computed':
      return { published: false, ...outcome.results, flaggedWinners: outcome.flagged };
    case 'published':
      return { published: true, publishedAt: outcome.publishedAt, ...outcome.results, flaggedWinners: outcome.flagged };
  }
}

/** The published results (`store.results.published`), or 404 / 404 NOT_PUBLISHED with `notPublished`'s words. */
export async function publishedResults(store: Pick<Store, 'results'>, slug: string, roundId: string | null, notPublished: string) {
  const outcome = await store.results.published(slug, roundId);
  if (outcome.kind === 'notFound') throw missing(outcome.what);
  if (outcome.kind === 'notPublished') throw new ApiError('NOT_PUBLISHED', notPublished);
  return outcome.published;
}

/**
 * The winners' workbook (or CSV) for the secretariat (`store.results.winners`): the published list
 * when there is one, else a fresh computation. The contest's prizes and each round's go through here.
 */
export function winnersExport(c: Context, outcome: Winners, filename: string): Response {
  if (outcome.kind === 'notFound') throw missing(outcome.what);
  if (outcome.kind === 'headcountMissing') throw headcountMissing(outcome.units);
  const { results, published, round, format } = outcome;
  const basis = published
    ? `Đã công bố ${formatVietnamTime(published.publishedAt)}${results.outdated ? ' — chưa tính lại sau khi chấm lại' : ''}`
    : `Tạm tính ${formatVietnamTime(outcome.at.toISOString())}`;
  const context = {
    basis: round ? `${round} — ${basis.charAt(0).toLowerCase()}${basis.slice(1)}` : basis,
    contacts: outcome.contacts,
    headcounts: outcome.headcounts,
  };
  const sheet = (table: WinnersTable): ExportSheet => ({ filename, sheetName: table.sheetName, header: table.header, pages: [table.rows] });
  return workbookResponse(c, format, winnersSheets(results, context).map(sheet), sheet(winnersTable(results, context)));
}

/** The query of a winners' export, read when the store asks for it (after the contest is found). */
export const winnersQuery = (c: Context) => async () => parseOrRefuse(winnersQuerySchema, c.req.query());

export function resultRoutes({ store }: { store: Pick<Store, 'accessCodes' | 'results'> }): { admin: Hono; contestant: Hono } {
  const admin = new Hono();
  const contestant = new Hono();

  admin.post('/contests/:slug/results', async (c) => {
    const request = await resultsRequest(store, c);
    return c.json(answerResults(await store.results.compute(slugParam(c), null, request), ''));
  });

  admin.get('/contests/:slug/results', async (c) => {
    await requireOrganiser(store, c, 'read');
    const published = await publishedResults(store, slugParam(c), null, 'Kết quả cuộc thi chưa được công bố');
    return c.json({ ...published, outdated: published.payload.outdated === true });
  });

  admin.get('/contests/:slug/results/export', async (c) => {
    const reader = await requireOrganiser(store, c, 'read');
    const slug = slugParam(c);
    return winnersExport(c, await store.results.winners(slug, null, reader.name, winnersQuery(c)), `giai-thuong-${slug}`);
  });

  contestant.get('/:slug/results', async (c) => {
    const published = await publishedResults(store, slugParam(c), null, 'Kết quả cuộc thi chưa được công bố');
    return sendPublicJson(c, Buffer.from(JSON.stringify(publicResults(published))), false);
  });

  return { admin, contestant };
}
