/**
 * The OpenAPI 3.1 document, generated from the operations table (operations.ts) with zod 4's own
 * JSON Schema output (decision 0032): OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what
 * `z.toJSONSchema` writes, so no adapter library stands between the schemas and the document.
 */
import { z } from 'zod';
import { errorSchema } from '../contract/common.js';
import { ERROR_STATUS, type ErrorCode } from '../http/errors.js';
import { idSchema, slugSchema } from '../http/validate.js';
import { errorCodes, OPERATIONS, TAG_DESCRIPTIONS, type Access, type FileKind, type Operation } from './operations.js';

type Json = Record<string, unknown>;

const REF = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const FILE_TYPES: Record<FileKind, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
};

/** What each status means to a caller, whatever code it carries. */
const STATUS_TEXT: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ: `fields` nêu từng trường sai bằng tiếng Việt',
  401: 'Thiếu mã truy cập, mã sai hoặc đã hết hạn',
  403: 'Không được phép',
  404: 'Không tìm thấy',
  409: 'Xung đột với trạng thái hiện tại',
  413: 'Nội dung gửi lên quá lớn',
  415: 'Nội dung gửi lên phải là JSON (hoặc tệp .xlsx/.csv ở route nhập tệp)',
  429: 'Quá nhiều yêu cầu: thử lại sau số giây ở tiêu đề Retry-After',
};

const ACCESS_TEXT: Record<Access, string> = {
  public: 'Không cần mã.',
  contestant: 'Cần mã đăng nhập của thí sinh (`Authorization: Bearer …`).',
  contestantOptional: 'Không cần mã; gửi kèm mã đăng nhập của thí sinh thì câu trả lời đánh dấu dòng của người gọi.',
  adminRead: 'Mã truy cập của Ban Tổ chức hoặc Ban Giám khảo (mã của trang đăng cai nhận 403).',
  adminWrite: 'Chỉ mã truy cập của Ban Tổ chức (mã Ban Giám khảo nhận 403).',
  adminReadOrWrite: 'Xem trước: Ban Tổ chức hoặc Ban Giám khảo; thực hiện thay đổi: chỉ Ban Tổ chức.',
  adminHost: 'Chỉ mã truy cập của trang đăng cai (vai trò `host`); mã khác nhận 403.',
};

function security(access: Access): Json[] | undefined {
  if (access === 'public') return [];
  if (access === 'contestant') return [{ contestantToken: [] }];
  if (access === 'contestantOptional') return [{}, { contestantToken: [] }];
  return [{ adminToken: [] }];
}

/** `/api/contests/:slug` → `/api/contests/{slug}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** A schema as a JSON Schema 2020-12 object for the document, without the `$schema` header. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as Json;
  if ('$defs' in rest) throw new Error('A schema of the contract needs $defs; the document inlines every schema');
  return withoutSafeIntegerBounds(rest) as Json;
}

/** `z.number().int()` states ±(2^53 − 1) as bounds: true of every JSON integer here, noise to a reader. */
function withoutSafeIntegerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSafeIntegerBounds);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if ((key === 'minimum' && item === Number.MIN_SAFE_INTEGER) || (key === 'maximum' && item === Number.MAX_SAFE_INTEGER)) continue;
    out[key] = withoutSafeIntegerBounds(item);
  }
  return out;
}

const PATH_PARAMETERS: Record<string, { description: string; schema: z.ZodType }> = {
  slug: { description: 'Mã cuộc thi, ví dụ de-an-06-thai-binh', schema: slugSchema },
  id: { description: 'Mã (của lượt thi, vòng thi, câu hỏi, thí sinh, đơn vị, yêu cầu về dữ liệu cá nhân, địa chỉ nhận webhook; số của mã truy cập)', schema: idSchema },
  kind: { description: 'Danh sách loại trừ: id-numbers (số định danh) hoặc phones (số điện thoại)', schema: z.enum(['id-numbers', 'phones']) },
  value: { description: 'Số định danh hoặc số điện thoại cần bỏ khỏi danh sách', schema: z.string().min(1).max(40) },
  code: { description: 'Mã xác minh giấy chứng nhận, ví dụ ABCD-EFGH-JKLM (không phân biệt hoa thường, có hoặc không có dấu gạch)', schema: z.string().min(1).max(40) },
  deliveryId: { description: 'Mã của một lần gửi webhook (trong nhật ký gửi)', schema: idSchema },
};

function parameters(operation: Operation): Json[] {
  const path = [...operation.path.matchAll(/:([A-Za-z_]+)/g)].map(([, name]) => {
    const known = PATH_PARAMETERS[name!];
    if (!known) throw new Error(`No description of the path parameter ${name}`);
    return { name, in: 'path', required: true, description: known.description, schema: jsonSchema(known.schema, 'input') };
  });
  const query = operation.query
    ? Object.entries(operation.query.shape).map(([name, field]) => {
        const schema = jsonSchema(field as z.ZodType, 'input');
        const { description, ...rest } = schema;
        const optional = (field as z.ZodType).safeParse(undefined).success;
        return { name, in: 'query', required: !optional, ...(description ? { description } : {}), schema: rest };
      })
    : [];
  return [...path, ...query];
}

function errorResponses(codes: readonly ErrorCode[]): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, Json> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `${STATUS_TEXT[status] ?? 'Lỗi'} (${list.map((code) => `\`${code}\``).join(', ')})`,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Số giây cần chờ', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: REF('Error') } },
    };
  }
  return responses;
}

/** Builds the document; `version` is the server's (config.version). */
export function openApiDocument(version: string): Json {
  const schemas: Record<string, Json> = { Error: jsonSchema(errorSchema, 'output') };
  const named = new Map<string, z.ZodType>([['Error', errorSchema]]);
  /** A component for a named schema; one name, one schema. */
  const component = (name: string, schema: z.ZodType, io: 'input' | 'output') => {
    const known = named.get(name);
    if (known && known !== schema) throw new Error(`Two schemas named ${name}`);
    if (!known) {
      named.set(name, schema);
      schemas[name] = jsonSchema(schema, io);
    }
    return REF(name);
  };

  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of OPERATIONS) {
    const responses: Record<string, Json> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      const content: Record<string, Json> = {};
      if (response.schema && response.name) content['application/json'] = { schema: component(response.name, response.schema, 'output') };
      for (const kind of response.files ?? []) content[FILE_TYPES[kind]] = { schema: { type: 'string', ...(kind === 'xlsx' ? { contentMediaType: FILE_TYPES.xlsx } : {}) } };
      responses[status] = { description: response.description, ...(Object.keys(content).length ? { content } : {}) };
    }
    Object.assign(responses, errorResponses(errorCodes(operation)));
    const body = operation.body;
    const entry: Json = {
      operationId: `${operation.method}${openApiPath(operation.path)
        .replace(/^\/api/, '')
        .replace(/[{}]/g, '')
        .split(/[/.-]/)
        .filter(Boolean)
        .map((part) => part[0]!.toUpperCase() + part.slice(1))
        .join('')}`,
      tags: [operation.tag],
      summary: operation.summary,
      description: `${operation.description}\n\n**Quyền:** ${ACCESS_TEXT[operation.access]}`,
      ...(parameters(operation).length ? { parameters: parameters(operation) } : {}),
      ...(body
        ? {
            requestBody: {
              required: body.required,
              content: {
                'application/json': { schema: component(body.name, body.schema, 'input') },
                ...(body.files
                  ? {
                      'text/csv': { schema: { type: 'string' } },
                      [FILE_TYPES.xlsx]: { schema: { type: 'string', contentMediaType: FILE_TYPES.xlsx } },
                    }
                  : {}),
              },
            },
          }
        : {}),
      responses,
      security: security(operation.access),
      'x-access': operation.access,
    };
    const path = openApiPath(operation.path);
    paths[path] ??= {};
    if (paths[path][operation.method]) throw new Error(`${operation.method} ${path} is described twice`);
    paths[path][operation.method] = entry;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'API cuộc thi trắc nghiệm tìm hiểu Đề án 06',
      version,
      description: [
        'API của widget thí sinh `<de-an-06-quiz>` và của bảng điều khiển Ban Tổ chức `/admin`. Mọi thân yêu cầu và câu trả lời là JSON (UTF-8), trừ các route nhập/xuất tệp.',
        'Mọi yêu cầu bị từ chối trả mã 4xx với cùng một dạng `{"error": {"code", "message", "fields"?}}` (lược đồ `Error`), thông báo bằng tiếng Việt nêu tên trường; không bao giờ trả 500 cho một yêu cầu sai. Máy chủ tạm không ghi được dữ liệu thì trả 503 `UNAVAILABLE` kèm `Retry-After`.',
        'Thời điểm theo ISO-8601 UTC; đồng hồ duy nhất là đồng hồ của máy chủ (`now` trong các câu trả lời).',
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: 'Máy chủ cuộc thi đang phục vụ tài liệu này' }],
    tags: Object.entries(TAG_DESCRIPTIONS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        contestantToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'Mã đăng nhập của thí sinh, nhận khi đăng ký hoặc đăng nhập lại; chỉ dùng được trong cuộc thi đã cấp, hết hạn sau ngày kết thúc cuộc thi (CONTESTANT_TOKEN_DAYS_AFTER_END).',
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Mã truy cập của Ban Tổ chức (vai trò organiser: xem và thay đổi) hoặc Ban Giám khảo (jury: chỉ xem), tạo bằng `npm run cli -- token create`; máy chủ chỉ lưu dạng băm. Bảng điều khiển giữ mã trong sessionStorage và gửi trong `Authorization: Bearer …`. Sai mã quá nhiều lần từ một địa chỉ: 429 trên mọi route /api/admin đến hết phút.',
        },
      },
    },
  };
}
