import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const LIMIT_BYTES = 25 * 1024;

describe('widget bundle weight', () => {
  for (const file of ['de-an-06-quiz.js', 'de-an-06-quiz.mjs']) {
    it(`${file} is at most 25 KB gzipped (level 9)`, () => {
      const source = readFileSync(new URL(`../dist/widget/${file}`, import.meta.url));
      const gzipped = gzipSync(source, { level: 9 }).length;
      console.log(`${file}: ${source.length} bytes, ${gzipped} bytes gzipped`);
      expect(gzipped).toBeLessThanOrEqual(LIMIT_BYTES);
    });
  }

  it('the classic script needs no module loader and fetches nothing but the API', () => {
    const source = readFileSync(new URL('../dist/widget/de-an-06-quiz.js', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
    expect(source).not.toMatch(/https?:\/\/(?!www\.w3\.org|lit\.dev)[a-z0-9.-]+\//i);
  });
});

describe('custom-elements manifest', () => {
  it('documents the public element: attributes, events, CSS parts and custom properties', () => {
    const manifest = JSON.parse(readFileSync(new URL('../dist/widget/custom-elements.json', import.meta.url), 'utf8'));
    const element = manifest.modules
      .flatMap((m: { declarations?: unknown[] }) => m.declarations ?? [])
      .find((d: { tagName?: string }) => d.tagName === 'de-an-06-quiz');
    expect(element).toBeDefined();
    expect(element.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['contest', 'api', 'source', 'view', 'lang']));
    expect(element.events.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['de-an-06-quiz:registered', 'de-an-06-quiz:started', 'de-an-06-quiz:submitted']),
    );
    expect(element.cssParts.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['button', 'question', 'option', 'timer', 'table']));
    expect(element.cssProperties.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['--de-an-06-primary', '--de-an-06-font']));
  });
});
