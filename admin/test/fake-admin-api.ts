import { type AdminApi, AdminApiError, type ErrorBody } from '../src/admin-api.js';

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (body: unknown, path: string) => unknown;

/**
 * Stands in for `AdminApi` in screen tests: answers from per-route handlers, records every call,
 * and refuses like the server (an `AdminApiError` with the SPEC §3 body) when a handler throws one.
 */
export class FakeAdminApi {
  readonly calls: Call[] = [];
  private readonly handlers = new Map<string, Handler>();

  on(method: string, path: string, handler: Handler | unknown): this {
    this.handlers.set(`${method} ${path}`, typeof handler === 'function' ? (handler as Handler) : () => structuredClone(handler));
    return this;
  }

  asApi(): AdminApi {
    return this as unknown as AdminApi;
  }

  callsTo(method: string, path: string): Call[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  get<T>(path: string): Promise<T> {
    return this.handle('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.handle('POST', path, body);
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.handle('PUT', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.handle('DELETE', path);
  }
  upload<T>(method: 'POST' | 'PUT', path: string, file: File): Promise<T> {
    return this.handle(method, path, file);
  }
  async download(path: string, fileName: string): Promise<void> {
    await this.handle('GET', path, fileName);
  }

  private async handle<T>(method: string, path: string, body?: unknown): Promise<T> {
    this.calls.push({ method, path, body });
    await Promise.resolve();
    const handler = this.handlers.get(`${method} ${path}`);
    if (!handler) throw new AdminApiError(404, { code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ yêu cầu' });
    return handler(body, path) as T;
  }
}

export function refusal(status: number, body: ErrorBody): AdminApiError {
  return new AdminApiError(status, body);
}

/** Computed prizes as `POST …/results` answers a dry run (the contract's shape, flagged winners included). */
type Computed = Record<string, unknown> & { flaggedWinners?: unknown[] };

/**
 * The results routes at `base` — the contest's (`/contests/:slug`) or a round's
 * (`/contests/:slug/rounds/:id`), which answer in the same shapes: a dry run, publishing once (a
 * second publish needs `replace`), flagged winners refused until acknowledged, the published
 * results, and the winners' export. Returns what is published there, for assertions.
 */
export function fakeResultsRoutes(api: FakeAdminApi, base: string, computed: Computed, publishedAt = '2026-11-28T03:05:00.000Z'): { published: () => unknown } {
  let published: { publishedAt: string; publishedBy: string; outdated: boolean; payload: Computed } | null = null;
  const flagged = computed.flaggedWinners ?? [];
  api
    .on('GET', `${base}/results`, () => {
      if (!published) throw refusal(404, { code: 'NOT_PUBLISHED', message: 'Kết quả chưa được công bố' });
      return structuredClone(published);
    })
    .on('POST', `${base}/results`, (body: { publish?: boolean; replace?: boolean; acknowledgeFlags?: boolean }) => {
      if (!body.publish) return { published: false, ...structuredClone(computed) };
      if (flagged.length && !body.acknowledgeFlags) {
        throw refusal(409, { code: 'FLAGGED_WINNERS', message: `Có ${flagged.length} người đoạt giải bị gắn cờ.`, flaggedWinners: structuredClone(flagged) });
      }
      if (published && !body.replace) throw refusal(409, { code: 'CONFLICT', message: 'Kết quả đã được công bố.', fields: { replace: 'Cần xác nhận công bố lại' } });
      published = { publishedAt, publishedBy: 'Ban Tổ chức', outdated: false, payload: structuredClone(computed) };
      return { published: true, publishedAt, ...structuredClone(computed) };
    })
    .on('GET', `${base}/results/export?format=xlsx`, null)
    .on('GET', `${base}/results/export?format=csv`, null);
  return { published: () => published };
}
