/**
 * The organiser console's only door to the server: `/api/admin/…` with the admin token as a Bearer
 * header. Every refusal arrives as an `AdminApiError` carrying the SPEC §3 error shape, so screens
 * show the server's Vietnamese message and per-field details as they are.
 */
import type { AdminMe } from '../../api/src/contract/admin.js';

export type Role = AdminMe['role'];

export interface ErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string>;
  rows?: { row: number; field?: string; message: string }[];
  [key: string]: unknown;
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

const NETWORK_MESSAGE = 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.';

export class AdminApi {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, JSON.stringify(body), 'application/json');
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** Sends a spreadsheet (XLSX or CSV) as the request body, with the file's own content type. */
  upload<T>(method: 'POST' | 'PUT', path: string, file: File): Promise<T> {
    return this.request<T>(method, path, file, file.type || contentTypeOf(file.name));
  }

  /** Fetches a file (an export) with the token and hands it to the browser as a download. */
  async download(path: string, fileName: string): Promise<void> {
    const response = await this.send('GET', path);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async request<T>(method: string, path: string, body?: BodyInit, type?: string): Promise<T> {
    const response = await this.send(method, path, body, type);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  private async send(method: string, path: string, body?: BodyInit, type?: string): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (type) headers['Content-Type'] = type;
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/admin${path}`, { method, headers, body });
    } catch {
      throw new AdminApiError(0, { code: 'NETWORK', message: NETWORK_MESSAGE });
    }
    if (!response.ok) {
      const parsed = (await response.json().catch(() => null)) as { error?: ErrorBody } | null;
      throw new AdminApiError(response.status, parsed?.error ?? { code: 'HTTP', message: `Máy chủ trả lời lỗi ${response.status}` });
    }
    return response;
  }
}

function contentTypeOf(name: string): string {
  return name.toLowerCase().endsWith('.csv')
    ? 'text/csv'
    : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}
