/**
 * The public pages of decision 0035 through the real server process: `/` with no contest, one and
 * two (SEED_DEMO=off, contests created through the admin API), `/c/:slug` with its Open Graph tags
 * (a PNG sharing image, decision 0038) and escaped text, `/embed/:slug` framable by the contest's allowed origins only, and the one-time
 * organiser code the first start prints when ADMIN_TOKEN is unset.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, killAll, startServer, tempDatabase } from './server-process.js';
import { OPEN, ORGANISER_TOKEN, register, startAttempt, testEnv } from './support.js';

afterEach(killAll);

const DAY = 86_400_000;
const contestBody = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  startsAt: new Date(Date.now() - DAY).toISOString(),
  endsAt: new Date(Date.now() + 30 * DAY).toISOString(),
  ...extra,
});

async function page(base: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** Waits until the start-up lines are all out (the last one names how to sign in), for the process's output. */
async function printed(server: { output: () => string }): Promise<string> {
  await expect.poll(() => server.output(), { timeout: 10_000 }).toMatch(/thu hồi mã này\.|token create/);
  return server.output();
}

function firstCode(output: string): string {
  const match = /Mã truy cập Ban Tổ chức[^\n]*\n\s+(\S+)\n/.exec(output);
  if (!match) throw new Error(`no code printed:\n${output}`);
  return match[1]!;
}

describe('first start without ADMIN_TOKEN', () => {
  it('prints a one-time organiser code that signs in, and never prints one again', async () => {
    const databasePath = tempDatabase();
    const first = await startServer(databasePath, { SEED_DEMO: 'off' });
    const code = firstCode(await printed(first));
    expect((await call(first.base, 'GET', '/api/admin/contests', { token: code })).status).toBe(200);
    expect((await call(first.base, 'GET', '/api/admin/contests', { token: 'sai-ma-truy-cap-0123456789' })).status).toBe(401);
    first.child.kill('SIGTERM');
    await first.exited;

    const again = await startServer(databasePath, { SEED_DEMO: 'off' });
    const output = await printed(again);
    expect(output).not.toMatch(/chỉ in một lần/);
    expect(output).not.toContain(code);
    expect(output).toMatch(/token create/);
    // The code is still the organiser's: it was stored (hashed), not thrown away.
    expect((await call(again.base, 'GET', '/api/admin/contests', { token: code })).status).toBe(200);
  });
});

describe('the site pages', () => {
  it('shows an empty state, then the one contest, then a list of two', async () => {
    const server = await startServer(tempDatabase(), { SEED_DEMO: 'off' });
    const token = firstCode(await printed(server));

    const empty = await page(server.base, '/');
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('<html lang="vi">');
    expect(empty.html).toContain('Chưa có cuộc thi nào');
    expect(empty.html).not.toContain('<de-an-06-quiz');

    expect((await call(server.base, 'PUT', '/api/admin/contests/thi-mot', { token, json: contestBody('Cuộc thi <Một> & "hai"', { description: 'Tìm hiểu <b>Đề án 06</b>' }) })).status).toBe(201);
    const one = await page(server.base, '/');
    expect(one.html).toContain('<h1>Cuộc thi &lt;Một&gt; &amp; &quot;hai&quot;</h1>');
    expect(one.html).toContain('<de-an-06-quiz contest="thi-mot"></de-an-06-quiz>');
    expect(one.html).toContain('Đang diễn ra');
    expect(one.html).toContain('<noscript>');

    expect((await call(server.base, 'PUT', '/api/admin/contests/thi-hai', { token, json: contestBody('Cuộc thi Hai') })).status).toBe(201);
    const two = await page(server.base, '/');
    expect(two.html).toContain('href="/c/thi-mot"');
    expect(two.html).toContain('href="/c/thi-hai"');
    expect(two.html).not.toContain('<de-an-06-quiz');
  });

  it('gives every contest its own page with Open Graph tags and escaped text; DEFAULT_CONTEST pins /', async () => {
    const databasePath = tempDatabase();
    const server = await startServer(databasePath, { SEED_DEMO: 'off' });
    const token = firstCode(await printed(server));
    const json = contestBody('Tìm hiểu "Đề án 06" <2027>', { description: 'Cuộc thi <script>alert(1)</script> cho mọi người dân.' });
    expect((await call(server.base, 'PUT', '/api/admin/contests/thi-rieng', { token, json })).status).toBe(201);
    expect((await call(server.base, 'PUT', '/api/admin/contests/thi-khac', { token, json: contestBody('Khác') })).status).toBe(201);

    const own = await page(server.base, '/c/thi-rieng');
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toMatch(/^text\/html/);
    expect(own.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(own.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(own.html).toContain('<meta property="og:title" content="Tìm hiểu &quot;Đề án 06&quot; &lt;2027&gt;">');
    expect(own.html).toContain(`<meta property="og:url" content="${server.base}/c/thi-rieng">`);
    expect(own.html).toContain('<meta property="og:type" content="website">');
    expect(own.html).toContain('<meta property="og:description" content="Cuộc thi &lt;script&gt;alert(1)&lt;/script&gt; cho mọi người dân.">');
    expect(own.html).toContain('<meta name="description"');
    expect(own.html).not.toContain('<script>alert');

    // The sharing image: a 1200 × 630 PNG at an absolute URL (Facebook and Zalo show no SVG), described in Vietnamese.
    expect(own.html).toContain(`<meta property="og:image" content="${server.base}/og-image.png">`);
    expect(own.html).toContain('<meta property="og:image:type" content="image/png">');
    expect(own.html).toContain('<meta property="og:image:width" content="1200">');
    expect(own.html).toContain('<meta property="og:image:height" content="630">');
    expect(own.html).toMatch(/<meta property="og:image:alt" content="Cuộc thi trắc nghiệm trực tuyến tìm hiểu Đề án 06[^"]*">/);
    expect(own.html).toContain('<meta name="twitter:card" content="summary_large_image">');
    const image = await fetch(`${server.base}/og-image.png`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-encoding')).toBeNull();
    expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(image.headers.get('etag')).toBeTruthy();
    const png = Buffer.from(await image.arrayBuffer());
    expect(png.length).toBeLessThanOrEqual(80 * 1024);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect([...own.html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].every(([, body]) => body === '')).toBe(true);

    const missing = await page(server.base, '/c/khong-co');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(missing.html).error.code).toBe('NOT_FOUND');

    const etag = own.headers.get('etag')!;
    expect((await fetch(`${server.base}/c/thi-rieng`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    server.child.kill('SIGTERM');
    await server.exited;
    const pinned = await startServer(databasePath, { SEED_DEMO: 'off', DEFAULT_CONTEST: 'thi-khac' });
    expect((await page(pinned.base, '/')).html).toContain('<de-an-06-quiz contest="thi-khac"></de-an-06-quiz>');
  });

  it('lets only the contest’s allowed origins frame its embed page', async () => {
    const server = await startServer(tempDatabase(), { SEED_DEMO: 'off', ALLOWED_ORIGINS: '' });
    const token = firstCode(await printed(server));
    const allowedOrigins = ['https://baothaibinh.com.vn', 'http://cong.thaibinh.gov.vn:8080'];
    expect((await call(server.base, 'PUT', '/api/admin/contests/thi-nhung', { token, json: contestBody('Nhúng', { allowedOrigins }) })).status).toBe(201);

    const embed = await page(server.base, '/embed/thi-nhung?view=leaderboard&lang=en');
    expect(embed.status).toBe(200);
    const policy = embed.headers.get('content-security-policy')!;
    expect(policy).toContain("frame-ancestors 'self' https://baothaibinh.com.vn http://cong.thaibinh.gov.vn:8080");
    expect(policy).toContain("script-src 'self'");
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(embed.html).toContain('<de-an-06-quiz contest="thi-nhung" view="leaderboard" lang="en"></de-an-06-quiz>');
    expect(embed.html).toContain('<script src="/embed-height.js" async></script>');

    // The framing site's name, from the Referer the browser sends, when it is allowed; nothing else.
    const framed = await page(server.base, '/embed/thi-nhung', { referer: 'https://baothaibinh.com.vn/tin/cuoc-thi' });
    expect(framed.html).toContain('<de-an-06-quiz contest="thi-nhung" source="baothaibinh.com.vn"></de-an-06-quiz>');
    const stranger = await page(server.base, '/embed/thi-nhung', { referer: 'https://la.example/' });
    expect(stranger.html).toContain('<de-an-06-quiz contest="thi-nhung"></de-an-06-quiz>');

    const odd = await page(server.base, '/embed/thi-nhung?view=%22%3E%3Cscript%3E&lang=xx');
    expect(odd.html).toContain('<de-an-06-quiz contest="thi-nhung"></de-an-06-quiz>');

    const script = await fetch(`${server.base}/embed-height.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("'de-an-06-quiz:height'");

    expect((await page(server.base, '/embed/khong-co')).status).toBe(404);

    // What the console's "Nhúng vào trang" screen does to add a site: the contest as read, sent back with one more origin.
    const { slug: _slug, status: _status, ...read } = (await call(server.base, 'GET', '/api/admin/contests/thi-nhung', { token })).body;
    const added = await call(server.base, 'PUT', '/api/admin/contests/thi-nhung', { token, json: { ...read, allowedOrigins: [...read.allowedOrigins, 'https://congan.thaibinh.gov.vn'] } });
    expect(added.status).toBe(200);
    expect(added.body.allowedOrigins).toEqual([...allowedOrigins, 'https://congan.thaibinh.gov.vn']);
    expect((await page(server.base, '/embed/thi-nhung')).headers.get('content-security-policy')).toContain('https://congan.thaibinh.gov.vn');
  });
});

describe('the contest page after publication', () => {
  it('shows the published results above the journey, and not before', async () => {
    const env = testEnv();
    const before = await (await env.app.request(`/c/${OPEN}`)).text();
    expect(before).not.toContain('view="results"');
    const { token } = await register(env, 1);
    const attempt = await startAttempt(env, token);
    env.clock.advance(60_000);
    expect((await env.call('POST', `/api/attempts/${attempt.id}/submit`, { token, json: { answers: {}, prediction: 10 } })).status).toBe(200);
    const published = await env.call('POST', `/api/admin/contests/${OPEN}/results`, { token: ORGANISER_TOKEN, json: { publish: true, acknowledgeFlags: true } });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const after = await (await env.app.request(`/c/${OPEN}`)).text();
    expect(after).toContain(`<de-an-06-quiz contest="${OPEN}" view="results"></de-an-06-quiz>`);
    expect(after.indexOf('view="results"')).toBeLessThan(after.indexOf(`<de-an-06-quiz contest="${OPEN}"></de-an-06-quiz>`));
  });
});
