import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { errorSchema } from '../src/contract/common.js';
import { openApiDocument as buildDocument, openApiPath } from '../src/openapi/document.js';
import { OPERATIONS } from '../src/openapi/operations.js';
import { correctOptionId, OPEN, ORGANISER_TOKEN, person, testEnv, type TestEnv } from './support.js';

type Json = Record<string, any>;

const openApiDocument = (version: string): Json => buildDocument(version);

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const JSON_SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

/** Every value under `value` with the JSON pointer that reaches it. */
function* walk(value: unknown, pointer = ''): Generator<[string, Json]> {
  if (value === null || typeof value !== 'object') return;
  yield [pointer, value as Json];
  for (const [key, item] of Object.entries(value)) yield* walk(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

function resolve(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), document);
}

/**
 * The essentials of OpenAPI 3.1 a document must meet (no validator package is installed here):
 * the version field, info, paths of valid methods each with responses, path parameters declared,
 * unique operation ids, known security schemes and tags, JSON Schema types, every $ref resolving.
 */
function openApiProblems(document: Json): string[] {
  const problems: string[] = [];
  if (!/^3\.1\.\d+$/.test(document.openapi)) problems.push('openapi must be 3.1.x');
  if (typeof document.info?.title !== 'string' || typeof document.info?.version !== 'string') problems.push('info needs title and version');
  if (!document.paths || typeof document.paths !== 'object') problems.push('paths missing');
  const schemes = new Set(Object.keys(document.components?.securitySchemes ?? {}));
  const tags = new Set((document.tags ?? []).map((t: Json) => t.name));
  const ids = new Set<string>();
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    if (!path.startsWith('/')) problems.push(`${path}: must start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name);
    for (const [method, op] of Object.entries<Json>(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!METHODS.has(method)) {
        problems.push(`${where}: not an HTTP method`);
        continue;
      }
      if (!op.responses || Object.keys(op.responses).length === 0) problems.push(`${where}: no responses`);
      for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
        if (!/^([1-5](\d\d|XX)|default)$/.test(status)) problems.push(`${where}: response key ${status}`);
        if (typeof response.description !== 'string') problems.push(`${where} ${status}: no description`);
      }
      if (typeof op.operationId === 'string') {
        if (ids.has(op.operationId)) problems.push(`${where}: duplicate operationId ${op.operationId}`);
        ids.add(op.operationId);
      }
      const declared = (op.parameters ?? []).filter((p: Json) => p.in === 'path');
      for (const name of templated) {
        const parameter = declared.find((p: Json) => p.name === name);
        if (parameter?.required !== true) problems.push(`${where}: path parameter ${name} not declared as required`);
      }
      for (const p of op.parameters ?? []) {
        if (!['path', 'query', 'header', 'cookie'].includes(p.in)) problems.push(`${where}: parameter ${p.name} in ${p.in}`);
        if (!p.schema && !p.content) problems.push(`${where}: parameter ${p.name} without schema`);
      }
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) if (!schemes.has(scheme)) problems.push(`${where}: unknown security scheme ${scheme}`);
      }
      for (const tag of op.tags ?? []) if (!tags.has(tag)) problems.push(`${where}: tag ${tag} not listed`);
    }
  }
  for (const name of Object.keys(document.components?.schemas ?? {})) {
    if (!/^[a-zA-Z0-9.\-_]+$/.test(name)) problems.push(`component name ${name}`);
  }
  for (const [pointer, node] of walk(document)) {
    if (typeof node.$ref === 'string' && resolve(document, node.$ref) === undefined) problems.push(`${pointer}: $ref ${node.$ref} does not resolve`);
    if (pointer.includes('/schema') || pointer.startsWith('/components/schemas')) {
      const type = node.type;
      if (typeof type === 'string' && !JSON_SCHEMA_TYPES.has(type) && !pointer.endsWith('/properties')) problems.push(`${pointer}: type ${type}`);
    }
  }
  return problems;
}

/** API routes the app mounts (middleware and the static files left out), as `GET /api/contests/{slug}`. */
function mountedRoutes(env: TestEnv): Set<string> {
  return new Set(
    env.app.routes
      .filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/') && !route.path.includes('*'))
      .map((route) => `${route.method} ${openApiPath(route.path)}`),
  );
}

function describedRoutes(document: Json): Set<string> {
  return new Set(Object.entries<Json>(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));
}

describe('the OpenAPI document', () => {
  it('passes an OpenAPI 3.1 validator (schema of the specification, references, operation ids, parameters)', async () => {
    const result = await validate(openApiDocument('test') as never);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(result.specification).toBe('OpenAPI');
    // The validator refuses what a client generator would choke on.
    const broken = openApiDocument('test');
    broken.paths['/api/contests/{slug}'].get.responses = 'none';
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('meets the essentials of OpenAPI 3.1', () => {
    const document = openApiDocument('test');
    expect(openApiProblems(document)).toEqual([]);
    // The check finds what it looks for.
    const broken = structuredClone(document);
    broken.paths['/api/contests/{slug}'].get.responses = {};
    broken.paths['/api/contests/{slug}'].get.parameters = [];
    broken.paths['/api/contests/{slug}'].brew = {};
    broken.components.schemas.Leaderboard.properties.entries = { $ref: '#/components/schemas/Nothing' };
    expect(openApiProblems(broken)).toEqual([
      'GET /api/contests/{slug}: no responses',
      'GET /api/contests/{slug}: path parameter slug not declared as required',
      'BREW /api/contests/{slug}: not an HTTP method',
      '/components/schemas/Leaderboard/properties/entries: $ref #/components/schemas/Nothing does not resolve',
    ]);
  });

  it('describes every API route the app mounts, and only those', () => {
    const mounted = mountedRoutes(testEnv({ seed: false }));
    const described = describedRoutes(openApiDocument('test'));
    expect([...mounted].filter((route) => !described.has(route))).toEqual([]);
    expect([...described].filter((route) => !mounted.has(route))).toEqual([]);
    expect(mounted.size).toBeGreaterThan(45);
  });

  it('gives every operation a Vietnamese summary, its refusals in the error shape and its access', () => {
    const document = openApiDocument('test');
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        const where = `${method} ${path}`;
        expect(op.summary, where).toMatch(/[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i);
        for (const [status, response] of Object.entries<Json>(op.responses)) {
          if (status.startsWith('4')) expect(response.content['application/json'].schema, where).toEqual({ $ref: '#/components/schemas/Error' });
        }
        if (path.startsWith('/api/admin/')) {
          expect(op.security, where).toEqual([{ adminToken: [] }]);
          expect(Object.keys(op.responses), where).toContain('401');
        }
      }
    }
    expect(document.paths['/api/contests/{slug}/me'].get.security).toEqual([{ contestantToken: [] }]);
    expect(document.paths['/api/contests/{slug}/leaderboard'].get.security).toEqual([{}, { contestantToken: [] }]);
    expect(document.paths['/api/admin/contests/{slug}'].put.responses['403'].description).toContain('FORBIDDEN');
    expect(document.paths['/api/contests/{slug}/contestants'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/RegistrationRequest',
    });
    expect(document.components.schemas.RegistrationRequest.required).toEqual(expect.arrayContaining(['fullName', 'idNumber', 'consent']));
    // The admin contest is described field by field: closed, with the server's own fields required.
    const adminContest = document.components.schemas.AdminContest;
    expect(adminContest.additionalProperties).toBe(false);
    expect(adminContest.required).toEqual(expect.arrayContaining(['slug', 'status', 'privacyNotice', 'personalDataRetentionUntil', 'minAge']));
    expect(adminContest.properties.privacyNotice.additionalProperties).toBe(false);
  });
});

describe('served over HTTP', () => {
  let server: ServerType | null = null;
  afterEach(async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((done) => s.close(() => done()));
  });

  async function listen(env: TestEnv): Promise<string> {
    const started = await new Promise<ServerType>((ready) => {
      const s = serve({ fetch: env.app.fetch, hostname: '127.0.0.1', port: 0 }, () => ready(s));
    });
    server = started;
    return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
  }

  /** The schema the document's operations table gives for this answer. */
  function schemaFor(method: string, honoPath: string, status: number): z.ZodType {
    const operation = OPERATIONS.find((op) => op.method === method.toLowerCase() && op.path === honoPath);
    if (!operation) throw new Error(`${method} ${honoPath} is not described`);
    if (status >= 400) return errorSchema;
    const schema = operation.responses[status]?.schema;
    if (!schema) throw new Error(`${method} ${honoPath} ${status} has no schema`);
    return schema;
  }

  it('every answer of a contestant journey and an organiser session validates against its documented schema', async () => {
    const env = testEnv();
    const base = await listen(env);
    const checked: string[] = [];
    /** Sends a request over HTTP and parses the JSON answer with the schema documented for its route and status. */
    async function call(method: string, honoPath: string, params: Record<string, string>, options: { token?: string; json?: unknown; query?: string } = {}) {
      const path = honoPath.replace(/:([a-z]+)/gi, (_, name: string) => params[name]!);
      const response = await fetch(`${base}${path}${options.query ?? ''}`, {
        method,
        headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
      });
      const body = await response.json();
      const parsed = schemaFor(method, honoPath, response.status).safeParse(body);
      expect(parsed.success ? 'valid' : JSON.stringify({ route: `${method} ${honoPath} ${response.status}`, issues: parsed.error.issues, body }).slice(0, 2000)).toBe('valid');
      checked.push(`${method} ${honoPath} ${response.status}`);
      return { status: response.status, body };
    }
    const slug = { slug: OPEN };
    const admin = { token: ORGANISER_TOKEN };

    const contest = await call('GET', '/api/contests/:slug', slug);
    expect(contest.status).toBe(200);
    expect((await call('GET', '/api/contests/:slug/units', slug)).status).toBe(200);
    const registered = await call('POST', '/api/contests/:slug/contestants', slug, { json: person(1) });
    expect(registered.status).toBe(201);
    const token = registered.body.token as string;
    expect((await call('POST', '/api/contests/:slug/sessions', slug, { json: { idNumber: person(1).idNumber, phone: person(1).phone, birthDate: person(1).birthDate } })).status).toBe(200);
    expect((await call('GET', '/api/contests/:slug/challenge', slug)).status).toBe(200);
    const started = await call('POST', '/api/contests/:slug/attempts', slug, { token });
    expect(started.status).toBe(201);
    const attempt = { id: started.body.id as string };
    const first = started.body.questions[0].id as string;
    expect((await call('PUT', '/api/attempts/:id/answers', attempt, { token, json: { answers: { [first]: correctOptionId(env, attempt.id, first) } } })).status).toBe(200);
    expect((await call('GET', '/api/attempts/:id', attempt, { token })).status).toBe(200);
    env.clock.advance(60_000);
    expect((await call('POST', '/api/attempts/:id/submit', attempt, { token, json: { prediction: 12 } })).status).toBe(200);
    expect((await call('GET', '/api/attempts/:id', attempt, { token })).status).toBe(200);
    expect((await call('GET', '/api/contests/:slug/me', slug, { token })).status).toBe(200);
    expect((await call('GET', '/api/contests/:slug/leaderboard', slug)).body.entries).toHaveLength(1);
    expect((await call('GET', '/api/contests/:slug/leaderboard', slug, { token, query: '?limit=10' })).body.you).toEqual({ rank: 1 });
    expect((await call('GET', '/api/contests/:slug/units/stats', slug)).status).toBe(200);

    expect((await call('GET', '/api/admin/me', {}, admin)).status).toBe(200);
    expect((await call('GET', '/api/admin/contests', {}, admin)).status).toBe(200);
    expect((await call('GET', '/api/admin/contests/:slug', slug, admin)).status).toBe(200);
    expect((await call('GET', '/api/admin/contests/:slug/questions', slug, admin)).status).toBe(200);
    const units = await call('GET', '/api/admin/contests/:slug/units', slug, admin);
    expect(units.status).toBe(200);
    expect((await call('GET', '/api/admin/contests/:slug/exclusions', slug, admin)).status).toBe(200);
    expect((await call('GET', '/api/admin/audit', {}, admin)).status).toBe(200);
    expect((await call('GET', '/api/admin/contests/:slug/ranking.json', slug, admin)).status).toBe(200);
    expect((await call('GET', '/api/admin/contests/:slug/stats', slug, admin)).status).toBe(200);
    expect((await call('GET', '/api/admin/contests/:slug/integrity', slug, admin)).status).toBe(200);
    expect((await call('GET', '/api/admin/contests/:slug/contestants/search', slug, { ...admin, query: `?q=${person(1).idNumber}` })).status).toBe(200);
    expect((await call('POST', '/api/admin/contests/:slug/regrade', slug, { ...admin, json: { dryRun: true } })).status).toBe(200);
    const trial = await call('POST', '/api/admin/contests/:slug/results', slug, admin);
    expect(trial.body.published).toBe(false);
    // The name the public results will show (decision 0027) travels with each individual award.
    expect(trial.body.individual[0].publicName).toBe(person(1).fullName);
    // One minute for the attempt is fast enough to be flagged by the integrity review.
    expect((await call('POST', '/api/admin/contests/:slug/results', slug, { ...admin, json: { publish: true } })).status).toBe(409);
    expect((await call('POST', '/api/admin/contests/:slug/results', slug, { ...admin, json: { publish: true, acknowledgeFlags: true } })).status).toBe(200);
    expect((await call('GET', '/api/admin/contests/:slug/results', slug, admin)).status).toBe(200);
    expect((await call('GET', '/api/contests/:slug/results', slug)).status).toBe(200);
    expect((await call('POST', '/api/admin/contests/:slug/contestants/:id/grants', { ...slug, id: registered.body.contestant.id }, { ...admin, json: { attempts: 1, reason: 'Mất điện khi làm bài' } })).status).toBe(200);
    expect((await call('POST', '/api/admin/attempts/:id/void', attempt, { ...admin, json: { reason: 'Làm bài hộ người khác' } })).status).toBe(200);

    // Personal data (decision 0029): the contestant's download, a request and its answer, erasure, the purge.
    const myData = await call('GET', '/api/contests/:slug/me/data', slug, { token });
    expect(myData.body.attempts).toHaveLength(1);
    expect(myData.body.consent.given).toBe(true);
    const request = await call('POST', '/api/contests/:slug/me/data-requests', slug, { token, json: { kind: 'question', message: 'Dữ liệu của tôi được lưu đến khi nào?' } });
    expect(request.status).toBe(201);
    const requests = await call('GET', '/api/admin/contests/:slug/data-requests', slug, admin);
    expect(requests.body.counts.open).toBe(1);
    const answered = await call('PUT', '/api/admin/contests/:slug/data-requests/:id', { ...slug, id: request.body.id }, { ...admin, json: { status: 'answered', answer: 'Đến hết thời hạn lưu giữ trong thông báo.' } });
    expect(answered.body.status).toBe('answered');
    expect((await call('GET', '/api/contests/:slug/me/data', slug, { token })).body.dataRequests[0].answer).toBe('Đến hết thời hạn lưu giữ trong thông báo.');
    // A published winner's registration is kept: the erasure is filed as a request to the committee.
    const retained = await call('DELETE', '/api/contests/:slug/me', slug, { token, json: { confirm: true } });
    expect(retained.status).toBe(409);
    expect(retained.body.error.code).toBe('RETAINED');
    expect(retained.body.error.dataRequest.kind).toBe('erasure');
    const other = await call('POST', '/api/contests/:slug/contestants', slug, { json: person(4) });
    expect((await call('DELETE', '/api/contests/:slug/me', slug, { token: other.body.token, json: { confirm: true } })).status).toBe(200);
    const dryRun = await call('POST', '/api/admin/contests/:slug/purge-personal-data', slug, { ...admin, json: { dryRun: true } });
    expect(dryRun.body).toMatchObject({ dryRun: true, due: false });
    expect((await call('POST', '/api/admin/contests/:slug/purge-personal-data', slug, { ...admin, json: { dryRun: false } })).body.error.code).toBe('RETENTION_NOT_OVER');

    // Access codes, row edits, contest deletion (decision 0033).
    expect((await call('GET', '/api/admin/access-codes', {}, admin)).body.length).toBeGreaterThan(0);
    const code = await call('POST', '/api/admin/access-codes', {}, { ...admin, json: { name: 'Ban Giám khảo tỉnh', role: 'jury' } });
    expect(code.status).toBe(201);
    expect((await call('DELETE', '/api/admin/access-codes/:id', { id: String(code.body.code.id) }, admin)).body.revokedAt).toBeTypeOf('string');
    const unit = { ...slug, id: 'phong-thu-nghiem' };
    const parentId = units.body[0].id as string;
    expect((await call('PUT', '/api/admin/contests/:slug/units/:id', unit, { ...admin, json: { name: 'Phòng thử nghiệm', parentId } })).status).toBe(201);
    expect((await call('PUT', '/api/admin/contests/:slug/units/:id', unit, { ...admin, json: { name: 'Phòng thử nghiệm mới', parentId, headcount: 12 } })).status).toBe(200);
    expect((await call('DELETE', '/api/admin/contests/:slug/units/:id', unit, admin)).body.map((u: Json) => u.id)).not.toContain(unit.id);
    const phone = { ...slug, kind: 'phones', value: '0987654321' };
    expect((await call('POST', '/api/admin/contests/:slug/exclusions/:kind', phone, { ...admin, json: { value: phone.value } })).status).toBe(201);
    expect((await call('DELETE', '/api/admin/contests/:slug/exclusions/:kind/:value', phone, admin)).body.phones).not.toContain(phone.value);
    expect((await call('DELETE', '/api/admin/contests/:slug', slug, admin)).status).toBe(409);
    const rehearsal = { slug: 'thu-xoa-cuoc-thi' };
    expect((await call('PUT', '/api/admin/contests/:slug', rehearsal, { ...admin, json: { title: 'Diễn tập', startsAt: '2027-01-01T00:00:00Z', endsAt: '2027-02-01T00:00:00Z' } })).status).toBe(201);
    expect((await call('DELETE', '/api/admin/contests/:slug', rehearsal, admin)).body.slug).toBe(rehearsal.slug);

    // Refusals: the error shape of SPEC §3, whatever the route.
    expect((await call('POST', '/api/contests/:slug/contestants', slug, { json: { ...person(2), idNumber: '12' } })).status).toBe(400);
    expect((await call('GET', '/api/contests/:slug', { slug: 'khong-co-cuoc-thi-nay' })).status).toBe(404);
    expect((await call('GET', '/api/contests/:slug/me', slug, { token: 'sai-ma-0123456789abcdef0123456789' })).status).toBe(401);
    expect((await call('GET', '/api/admin/contests', {}, {})).status).toBe(401);
    expect((await call('POST', '/api/contests/:slug/contestants', slug, { json: person(1) })).status).toBe(409);
    expect(checked.length).toBeGreaterThan(55);
  });

  it('answers while scores wait for the close validate too (me, submit, attempt, leaderboard)', async () => {
    const env = testEnv();
    const base = await listen(env);
    const admin = { authorization: `Bearer ${ORGANISER_TOKEN}`, 'content-type': 'application/json' };
    const { status: _status, ...contest } = await (await fetch(`${base}/api/admin/contests/${OPEN}`, { headers: admin })).json();
    const saved = await fetch(`${base}/api/admin/contests/${OPEN}`, { method: 'PUT', headers: admin, body: JSON.stringify({ ...contest, revealScore: 'afterClose', revealAnswers: 'afterClose' }) });
    expect(saved.status).toBe(200);
    const json = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return response.json();
    };
    const { token } = await json('POST', `/api/contests/${OPEN}/contestants`, undefined, person(3));
    const attempt = await json('POST', `/api/contests/${OPEN}/attempts`, token);
    const submitted = await json('POST', `/api/attempts/${attempt.id}/submit`, token, { prediction: 3 });
    expect(submitted.received).toBe(true);
    expect(schemaFor('POST', '/api/attempts/:id/submit', 200).parse(submitted)).toEqual(submitted);
    const view = await json('GET', `/api/attempts/${attempt.id}`, token);
    expect(schemaFor('GET', '/api/attempts/:id', 200).parse(view)).toEqual(view);
    const me = await json('GET', `/api/contests/${OPEN}/me`, token);
    expect(me.scoreShownAt).toBeTypeOf('string');
    expect(schemaFor('GET', '/api/contests/:slug/me', 200).parse(me)).toEqual(me);
    const board = await json('GET', `/api/contests/${OPEN}/leaderboard`, token);
    expect(board.entries).toEqual([]);
    expect(schemaFor('GET', '/api/contests/:slug/leaderboard', 200).parse(board)).toEqual(board);
  });

  it('serves the document and a reference page that runs no script', async () => {
    const env = testEnv({ seed: false });
    const base = await listen(env);
    const json = await fetch(`${base}/api/openapi.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const document = await json.json();
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument(env.config.version))));
    const again = await fetch(`${base}/api/openapi.json`, { headers: { 'if-none-match': json.headers.get('etag')! } });
    expect(again.status).toBe(304);

    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
    const html = await page.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
    expect(html).toContain('<html lang="vi">');
    for (const path of Object.keys(document.paths)) expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('id="schema-Leaderboard"');
    expect(html).toContain('Đăng ký dự thi');
    const cached = await fetch(`${base}/api/docs`, { headers: { 'if-none-match': page.headers.get('etag')! } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('content-security-policy')).toBe(csp);
  });
});
