import { describe, expect, it } from 'vitest';
import { contestantLookup } from '../src/domain/contestant-lookup.js';
import { newId } from '../src/tokens.js';

describe('record ids', () => {
  it('are 32 hex digits, never repeat, and read as record ids in the console search', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(contestantLookup(id)).toEqual({ kind: 'recordId', value: id });
    }
  });

  it('sort in the order they were made once a millisecond has passed, so new rows share index pages', async () => {
    const first = newId();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = newId();
    expect(first < second).toBe(true);
    // The time part is the first 12 digits; the other 80 bits are random.
    expect(Math.abs(parseInt(second.slice(0, 12), 16) - Date.now())).toBeLessThan(1000);
  });
});
