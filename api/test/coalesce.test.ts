/**
 * The coalesced reads of the PostgreSQL store (store/postgres/coalesce.ts): callers arriving
 * together share one read, and no caller is answered by a read that began before it arrived — the
 * read a kept public body is checked against must see every write committed before the request.
 */
import { describe, expect, it } from 'vitest';
import { coalesced } from '../src/store/postgres/coalesce.js';

/** A read whose every call is held until released, recording when each began. */
function heldReads() {
  const calls: { key: string; began: number; release: (value: string) => void; fail: (error: Error) => void }[] = [];
  let clock = 0;
  const read = (key: string) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ key, began: ++clock, release: resolve, fail: reject });
    });
  return { calls, read, tick: () => ++clock };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced reads', () => {
  it('the first caller starts a read; callers arriving while it runs share the next one, begun after it ends', async () => {
    const { calls, read } = heldReads();
    const get = coalesced(read);
    const first = get('a');
    expect(calls).toHaveLength(1);
    const second = get('a');
    const third = get('a');
    await settle();
    // Nobody joined the running read: it may have begun before their writes committed.
    expect(calls).toHaveLength(1);
    calls[0]!.release('v1');
    expect(await first).toBe('v1');
    await settle();
    expect(calls).toHaveLength(2);
    calls[1]!.release('v2');
    expect(await Promise.all([second, third])).toEqual(['v2', 'v2']);
  });

  it('keeps keys apart, and starts afresh once nothing runs', async () => {
    const { calls, read } = heldReads();
    const get = coalesced(read);
    const a = get('a');
    const b = get('b');
    expect(calls.map((c) => c.key)).toEqual(['a', 'b']);
    calls[0]!.release('a1');
    calls[1]!.release('b1');
    expect([await a, await b]).toEqual(['a1', 'b1']);
    const again = get('a');
    expect(calls).toHaveLength(3);
    calls[2]!.release('a2');
    expect(await again).toBe('a2');
  });

  it('a failed read fails only its own callers; those waiting for the next one still get it', async () => {
    const { calls, read } = heldReads();
    const get = coalesced(read);
    const first = get('a');
    const waiting = get('a');
    calls[0]!.fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settle();
    calls[1]!.release('v2');
    expect(await waiting).toBe('v2');
  });
});
