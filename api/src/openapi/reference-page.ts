/**
 * `/api/docs`: the OpenAPI document as a page a person reads, rendered here on the server from the
 * document itself — no script, no CDN, nothing the strict CSP would have to open up, nothing in the
 * widget's bundle. Schemas are shown as nested field lists, linked by name.
 */
type Json = Record<string, unknown>;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The little markdown the descriptions use: paragraphs, `code` and **bold**. */
function prose(text: string | undefined): string {
  if (!text) return '';
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')}</p>`)
    .join('');
}

const inline = (text: string | undefined): string => (text ? prose(text).replace(/^<p>|<\/p>$/g, '').replace(/<\/p><p>/g, ' ') : '');

const refName = (ref: string): string => ref.replace('#/components/schemas/', '');
const anchor = (name: string): string => `schema-${name}`;

/** A short type label: `string`, `integer | null`, `Leaderboard`, `array of object`… */
function typeLabel(schema: Json): string {
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    return `<a href="#${anchor(name)}">${escapeHtml(name)}</a>`;
  }
  if ('const' in schema) return `<code>${escapeHtml(JSON.stringify(schema.const))}</code>`;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(' | ');
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) return variants.map(typeLabel).join(' | ');
  if (schema.type === 'array') return `danh sách ${schema.items ? typeLabel(schema.items as Json) : ''}`;
  if (schema.type === 'object' && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `từ điển → ${typeLabel(schema.additionalProperties as Json)}`;
  }
  return escapeHtml(String(schema.type ?? 'bất kỳ'));
}

function constraints(schema: Json): string {
  const parts: string[] = [];
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) parts.push(`ít nhất ${schema.minLength} ký tự`);
  if (schema.maxLength !== undefined) parts.push(`tối đa ${schema.maxLength} ký tự`);
  if (schema.minItems !== undefined) parts.push(`ít nhất ${schema.minItems} mục`);
  if (schema.maxItems !== undefined) parts.push(`tối đa ${schema.maxItems} mục`);
  if (typeof schema.pattern === 'string' && schema.pattern.length < 80) parts.push(`mẫu <code>${escapeHtml(schema.pattern)}</code>`);
  if (typeof schema.format === 'string') parts.push(`định dạng ${escapeHtml(schema.format)}`);
  if (schema.default !== undefined) parts.push(`mặc định <code>${escapeHtml(JSON.stringify(schema.default))}</code>`);
  return parts.length ? ` <span class="muted">(${parts.join(', ')})</span>` : '';
}

/** The fields of an object schema (or of the objects inside an array / union), as a nested list. */
function fields(schema: Json, depth = 0): string {
  if (depth > 6) return '';
  if (schema.type === 'array' && schema.items) return fields(schema.items as Json, depth);
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) {
    const objects = variants.filter((v) => v.properties);
    if (objects.length === 1) return fields(objects[0]!, depth);
    if (objects.length > 1) {
      return `<ol class="variants">${objects.map((v) => `<li>Một trong các dạng:${fields(v, depth + 1)}</li>`).join('')}</ol>`;
    }
    return '';
  }
  const properties = schema.properties as Record<string, Json> | undefined;
  if (!properties) return '';
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const rows = Object.entries(properties).map(
    ([name, field]) =>
      `<li><code class="field">${escapeHtml(name)}</code>${required.has(name) ? '' : ' <span class="muted">tuỳ chọn</span>'} · ${typeLabel(field)}${constraints(field)}${
        field.description ? ` — ${inline(String(field.description))}` : ''
      }${fields(field, depth + 1)}</li>`,
  );
  const open = schema.additionalProperties === false ? '' : '<li class="muted">có thể có thêm trường khác</li>';
  return `<ul class="fields">${rows.join('')}${open}</ul>`;
}

/** A schema by its fields; a named one behind a disclosure (no script: `<details>`), linked to its entry. */
function schemaBlock(schema: Json | undefined, components: Record<string, Json>): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') {
    const named = components[refName(schema.$ref)];
    const inner = named ? fields(named) : '';
    return inner
      ? `<details><summary>Lược đồ ${typeLabel(schema)}${named?.type === 'array' ? ' (danh sách)' : ''}</summary>${inner}</details>`
      : `<p>Lược đồ: ${typeLabel(schema)}</p>`;
  }
  return `<p>Kiểu: ${typeLabel(schema)}${constraints(schema)}</p>${fields(schema)}`;
}

function contentBlock(content: Record<string, { schema?: Json }> | undefined, components: Record<string, Json>): string {
  if (!content) return '';
  return Object.entries(content)
    .map(([type, { schema }]) => `<div class="content"><span class="type">${escapeHtml(type)}</span>${type === 'application/json' ? schemaBlock(schema, components) : ''}</div>`)
    .join('');
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The reference page of `document` (an OpenAPI 3.1 document from document.ts). */
export function referencePage(document: Json): string {
  const info = document.info as { title: string; version: string; description?: string };
  const paths = document.paths as Record<string, Record<string, Json>>;
  const tags = (document.tags as { name: string; description?: string }[]) ?? [];
  const components = document.components as { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };

  const byTag = new Map<string, string[]>(tags.map((tag) => [tag.name, []]));
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const id = String(op.operationId);
      const parameters = (op.parameters as Json[] | undefined) ?? [];
      const body = op.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
      const responses = op.responses as Record<string, { description: string; content?: Record<string, { schema?: Json }> }>;
      const html = `<section class="op" id="${escapeHtml(id)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
  <p class="summary">${escapeHtml(String(op.summary ?? ''))}</p>
  ${prose(String(op.description ?? ''))}
  ${
    parameters.length
      ? `<h4>Tham số</h4><ul class="fields">${parameters
          .map(
            (p) =>
              `<li><code class="field">${escapeHtml(String(p.name))}</code> <span class="muted">(${p.in === 'path' ? 'đường dẫn' : 'query'}${p.required ? '' : ', tuỳ chọn'})</span> · ${typeLabel(p.schema as Json)}${constraints(p.schema as Json)}${p.description ? ` — ${inline(String(p.description))}` : ''}</li>`,
          )
          .join('')}</ul>`
      : ''
  }
  ${body ? `<h4>Nội dung gửi lên${body.required ? '' : ' (có thể bỏ trống)'}</h4>${contentBlock(body.content, components.schemas)}` : ''}
  <h4>Trả lời</h4>
  <dl class="responses">${Object.entries(responses)
    .map(([status, r]) => `<dt class="s${status[0]}">${escapeHtml(status)}</dt><dd>${inline(r.description)}${status.startsWith('4') ? ` <a href="#${anchor('Error')}">Error</a>` : contentBlock(r.content, components.schemas)}</dd>`)
    .join('')}</dl>
</section>`;
      const tag = ((op.tags as string[] | undefined) ?? ['Khác'])[0]!;
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(html);
    }
  }

  const tagDescription = new Map(tags.map((t) => [t.name, t.description]));
  const tagId = (index: number) => `nhom-${index + 1}`;
  const groups = [...byTag].filter(([, ops]) => ops.length);
  const toc = groups
    .map(([name, ops], index) => `<li><a href="#${tagId(index)}">${escapeHtml(name)}</a> <span class="muted">(${ops.length})</span></li>`)
    .join('');
  const sections = groups
    .map(([name, ops], index) => `<section class="tag"><h2 id="${tagId(index)}">${escapeHtml(name)}</h2>${prose(tagDescription.get(name))}${ops.join('')}</section>`)
    .join('');
  const security = Object.entries(components.securitySchemes)
    .map(([name, scheme]) => `<li><strong>${escapeHtml(name)}</strong> (HTTP ${escapeHtml(String(scheme.scheme))}): ${inline(String(scheme.description ?? ''))}</li>`)
    .join('');
  const schemas = Object.entries(components.schemas)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, schema]) => `<section class="schema" id="${anchor(name)}"><h3>${escapeHtml(name)}</h3>${prose(schema.description as string | undefined)}${schemaBlock(schema, components.schemas)}</section>`)
    .join('');

  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} — tra cứu API</title>
<style>
  :root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --line: #d8dde3; --accent: #a61b1b; }
  body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; }
  main { max-width: 980px; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2.5rem; }
  h3 { font-size: 1.05rem; margin: 0 0 .25rem; } h4 { margin: .9rem 0 .3rem; font-size: .95rem; }
  code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f2f4f6; padding: 0 .25em; border-radius: 3px; }
  .muted { color: var(--muted); font-size: .92em; }
  .op, .schema { border: 1px solid var(--line); border-radius: 6px; padding: .9rem 1rem; margin: 1rem 0; }
  .summary { font-weight: 600; margin: .2rem 0; }
  .method { display: inline-block; min-width: 4.2em; text-align: center; font: 700 .8rem ui-monospace, monospace; color: #fff; border-radius: 3px; padding: .1em .4em; }
  .get { background: #1d6b3a; } .post { background: #1f4f99; } .put { background: #8a5a00; } .delete { background: #a61b1b; } .patch { background: #5b3a99; }
  ul.fields { margin: .2rem 0; padding-left: 1.2rem; } ul.fields li { margin: .15rem 0; }
  .field { font-weight: 600; }
  dl.responses { display: grid; grid-template-columns: 3.5rem 1fr; gap: .3rem .6rem; margin: 0; }
  dl.responses dt { font: 700 .95rem ui-monospace, monospace; } dl.responses dd { margin: 0; }
  .s2 { color: #1d6b3a; } .s4 { color: #a61b1b; } .s5 { color: #8a5a00; }
  details summary { cursor: pointer; margin: .2rem 0; }
  .content .type { font: .8rem ui-monospace, monospace; color: var(--muted); display: block; margin-top: .2rem; }
  nav ul { columns: 2; } @media (max-width: 640px) { nav ul { columns: 1; } dl.responses { grid-template-columns: 3rem 1fr; } }
</style>
</head>
<body>
<main>
<header>
  <h1>${escapeHtml(info.title)}</h1>
  <p class="muted">OpenAPI ${escapeHtml(String(document.openapi))} · phiên bản ${escapeHtml(info.version)} · tài liệu máy đọc: <a href="/api/openapi.json"><code>/api/openapi.json</code></a></p>
  ${prose(info.description)}
</header>
<section><h2 id="xac-thuc">Xác thực</h2><ul>${security}</ul></section>
<nav aria-label="Mục lục"><h2>Các nhóm route</h2><ul>${toc}<li><a href="#luoc-do">Lược đồ dữ liệu</a></li></ul></nav>
${sections}
<section><h2 id="luoc-do">Lược đồ dữ liệu</h2>${schemas}</section>
</main>
</body>
</html>
`;
}
