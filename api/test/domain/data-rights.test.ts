import { describe, expect, it } from 'vitest';
import {
  dataRequestDueAt,
  dataRequestDueSoon,
  dataRequestOverdue,
  idNumberTail,
  personalDataRetentionUntil,
} from '../../src/domain/data-rights.js';
import { nameInitials } from '../../src/domain/personal-data.js';

describe('personal data rules', () => {
  it('purges after the retention date the contest carries', () => {
    expect(personalDataRetentionUntil({ personalDataRetentionUntil: '2023-12-31T17:00:00.000Z' }).toISOString()).toBe('2023-12-31T17:00:00.000Z');
  });

  it('gives a request 15 days, overdue only while open and past the deadline', () => {
    const received = new Date('2026-12-01T02:00:00.000Z');
    const dueAt = dataRequestDueAt(received).toISOString();
    expect(dueAt).toBe('2026-12-16T02:00:00.000Z');
    const at = (iso: string) => new Date(iso);
    expect(dataRequestOverdue({ status: 'open', dueAt }, at('2026-12-16T02:00:00.000Z'))).toBe(false);
    expect(dataRequestOverdue({ status: 'open', dueAt }, at('2026-12-16T02:00:00.001Z'))).toBe(true);
    expect(dataRequestOverdue({ status: 'answered', dueAt }, at('2027-01-01T00:00:00.000Z'))).toBe(false);
    expect(dataRequestDueSoon({ status: 'open', dueAt }, at('2026-12-12T00:00:00.000Z'))).toBe(false);
    expect(dataRequestDueSoon({ status: 'open', dueAt }, at('2026-12-14T00:00:00.000Z'))).toBe(true);
    expect(dataRequestDueSoon({ status: 'refused', dueAt }, at('2026-12-14T00:00:00.000Z'))).toBe(false);
  });

  it('reduces a name to its initials, diacritics and đ kept, and a purged name stays as it is', () => {
    expect(nameInitials('  đỗ   thị ánh ')).toBe('Đ. T. Á.');
    expect(nameInitials(nameInitials('Lê Văn Cường'))).toBe('L. V. C.');
    expect(nameInitials(nameInitials('Ê-đê'))).toBe('Ê.-Đ.');
  });

  it('shows only the last three digits of an ID number', () => {
    expect(idNumberTail('034090001234')).toBe('*********234');
    expect(idNumberTail('released:abc')).toBe('');
  });
});
