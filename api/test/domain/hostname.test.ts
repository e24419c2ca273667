import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseHostname } from '../../src/domain/hostname.js';

describe('normaliseHostname', () => {
  it('lower-cases, drops a final dot, turns Unicode labels into punycode', () => {
    expect(normaliseHostname(' BaoThaiBinh.COM.vn. ')).toBe('baothaibinh.com.vn');
    expect(normaliseHostname('thái-bình.vn')).toBe('xn--thi-bnh-iwa6h.vn');
    expect(normaliseHostname('localhost')).toBe('localhost');
    expect(normaliseHostname('192.168.1.10')).toBe('192.168.1.10');
  });

  it('refuses what is not a host name', () => {
    for (const bad of ['', ' ', 'Báo Thái Bình', 'https://x.vn', 'x.vn/a', 'x.vn:80', 'an@x.vn', '-x.vn', 'x-.vn', 'a..vn', '=1+1', '[::1]', `${'a'.repeat(64)}.vn`, `${'a.'.repeat(127)}vn`]) {
      expect(normaliseHostname(bad), bad).toBeNull();
    }
    expect(normaliseHostname(`${'a'.repeat(63)}.vn`)).toBe(`${'a'.repeat(63)}.vn`);
  });

  it('property: whatever it accepts is lower-case ASCII labels of at most 63, at most 253 in all, and a fixed point', () => {
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.string({ maxLength: 80 }), fc.webUrl()), (input) => {
        const host = normaliseHostname(input);
        if (host === null) return;
        expect(host.length).toBeLessThanOrEqual(253);
        for (const label of host.split('.')) expect(label).toMatch(/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/);
        expect(normaliseHostname(host)).toBe(host);
      }),
    );
  });
});
