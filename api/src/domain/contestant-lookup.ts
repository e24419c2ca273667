import { normalisePhone } from './phone.js';

/**
 * What an organiser typed to find a contestant, read the way they meant it: a 12-digit personal
 * identification number, a phone number, a record id (of a contestant or of one of their attempts,
 * as exports show them), or else part of a name.
 */
export type ContestantLookup =
  | { kind: 'idNumber'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'recordId'; value: string }
  | { kind: 'name'; value: string };

const ID_NUMBER = /^\d{12}$/;
/** Record ids are 32 hex digits (tokens.ts `newId`); seeded and imported ones are slugs. */
const RECORD_ID = /^[a-f0-9]{32}$/;

export function contestantLookup(query: string): ContestantLookup {
  const text = query.normalize('NFC').trim().replace(/\s+/g, ' ');
  const digits = text.replace(/[\s.-]/g, '');
  if (ID_NUMBER.test(digits)) return { kind: 'idNumber', value: digits };
  const phone = normalisePhone(text);
  if (phone) return { kind: 'phone', value: phone };
  if (RECORD_ID.test(text.toLowerCase())) return { kind: 'recordId', value: text.toLowerCase() };
  return { kind: 'name', value: text };
}
