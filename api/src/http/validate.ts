import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from './errors.js';
import { checkFields } from '../contract/field-messages.js';

export { checkFields, fieldLabel } from '../contract/field-messages.js';

export const invalidFields = (fields: Record<string, string>, message = 'Dữ liệu gửi lên chưa hợp lệ, vui lòng kiểm tra các trường được nêu') =>
  new ApiError('VALIDATION', message, fields);

/** Parses `value` with `schema` or throws a VALIDATION error naming every refused field. */
export function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const checked = checkFields(schema, value);
  if (!checked.ok) throw invalidFields(checked.fields);
  return checked.data;
}

export function isJsonContentType(contentType: string | undefined): boolean {
  return !!contentType && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim());
}

const notJson = () =>
  new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Nội dung gửi lên phải ở dạng JSON (Content-Type: application/json)');

/** Reads a JSON body (415 for another content type, 400 for broken JSON) and validates it. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseOrRefuse(schema, await readJsonBody(c));
}

/** The request's JSON body, unvalidated (415 for another content type, 400 for broken JSON). */
export async function readJsonBody(c: Context): Promise<unknown> {
  if (!isJsonContentType(c.req.header('content-type'))) throw notJson();
  return readJsonValue(c);
}

export async function readJsonValue(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('VALIDATION', 'Nội dung gửi lên không phải JSON hợp lệ', { _: 'JSON không hợp lệ' });
  }
}

/** A body that may be absent; when present it must be JSON. */
export async function readOptionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const contentType = c.req.header('content-type');
  if (contentType && !isJsonContentType(contentType)) throw notJson();
  return parseOrRefuse(schema, await readJsonValue(c));
}

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9-]{3,64}$/, { error: 'Mã cuộc thi gồm 3–64 ký tự a–z, 0–9 hoặc dấu gạch ngang' });

/** An opaque identifier as it appears in a path. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Mã không hợp lệ' });

// Built once: zod compiles an object schema on its first parse, which costs more than the parse.
const slugParamSchema = z.object({ slug: slugSchema });
const idParamSchema = z.object({ id: idSchema });

export function slugParam(c: Context): string {
  return parseOrRefuse(slugParamSchema, { slug: c.req.param('slug') }).slug;
}

export function idParam(c: Context, name = 'id'): string {
  return parseOrRefuse(idParamSchema, { id: c.req.param(name) }).id;
}
