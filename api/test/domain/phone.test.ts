import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PHONE_MESSAGE, normalisePhone } from '../../src/domain/phone.js';

describe('normalisePhone', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['091 234 5678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['0912-345-678', '0912345678'],
    ['(091) 234-5678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['(+84) 912.345.678', '0912345678'],
    ['0312345678', '0312345678'],
    ['0562345678', '0562345678'],
    ['0702345678', '0702345678'],
    ['0862345678', '0862345678'],
    ['  0981234567  ', '0981234567'],
  ])('accepts %j as %s', (input, stored) => {
    expect(normalisePhone(input)).toBe(stored);
  });

  it.each([
    '0212345678', // landline prefix
    '0412345678',
    '0612345678',
    '0112345678',
    '091234567', // 9 digits
    '09123456789', // 11 digits
    '+840912345678',
    '0084912345678',
    '8491234567',
    '+84 212 345 678',
    '091234567a',
    '0912/345/678',
    '+ 84',
    '',
    '0912345678+',
  ])('refuses %j', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });

  it('has a Vietnamese message with an example', () => {
    expect(PHONE_MESSAGE).toContain('Số điện thoại');
    expect(PHONE_MESSAGE).toContain('0912345678');
  });

  it('normalises every valid mobile number however it is written', () => {
    const separator = fc.constantFrom('', ' ', '.', '-', ' - ');
    fc.assert(
      fc.property(
        fc.constantFrom('0', '+84', '84'),
        fc.constantFrom('3', '5', '7', '8', '9'),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
        fc.array(separator, { minLength: 9, maxLength: 9 }),
        (prefix, first, rest, separators) => {
          const digits = [first, ...rest.map(String)];
          const written = prefix + digits.map((digit, i) => separators[i] + digit).join('');
          expect(normalisePhone(written)).toBe(`0${digits.join('')}`);
        },
      ),
    );
  });

  it('returns either null or a stored-form mobile number for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (input) => {
        const result = normalisePhone(input);
        if (result !== null) expect(result).toMatch(/^0[35789]\d{8}$/);
      }),
    );
  });
});
