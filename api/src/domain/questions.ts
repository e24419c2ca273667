/** A problem with one row of an imported file; rows count from 1 as spreadsheets do. */
import { bodyRows, tableColumns, type ColumnAliases, type Table } from './table.js';

export interface RowError {
  row: number;
  field?: string;
  message: string;
}

export interface QuestionInput {
  id?: string;
  topic: string;
  text: string;
  options: string[];
  answer: number;
  explanation?: string | null;
  source?: string | null;
  sourceUrl?: string | null;
  practice?: boolean | string | null;
}

export interface ValidQuestion {
  id: string | null;
  topic: string;
  text: string;
  options: string[];
  answer: number;
  explanation: string | null;
  /** Where the question comes from (decision 0036): a document or article, and a link to it. */
  source: string | null;
  sourceUrl: string | null;
  /** Offered for practice while the contest is open (contest setting `practice: "always"`). */
  practice: boolean;
}

/**
 * Whether a question's new version scores an answer differently: another key or other options.
 * Submitted attempts keep the score of the old one until a regrade (decision 0024).
 */
export function keyChanged(before: Pick<ValidQuestion, 'answer' | 'options'>, after: Pick<ValidQuestion, 'answer' | 'options'>): boolean {
  return before.answer !== after.answer || JSON.stringify(before.options) !== JSON.stringify(after.options);
}

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;
export const OPTION_COLUMNS = ['option_a', 'option_b', 'option_c', 'option_d', 'option_e', 'option_f'] as const;
export const QUESTION_CSV_HEADER = ['topic', 'text', ...OPTION_COLUMNS, 'answer', 'explanation', 'source', 'source_url', 'practice'] as const;

/** How a file says yes or no in the practice column ("x", "có", "1", "true"…); anything else is refused. */
const YES = new Set(['x', 'có', 'co', '1', 'true', 'yes', 'y', 'đúng']);
const NO = new Set(['', 'không', 'khong', '0', 'false', 'no', 'n', 'sai']);

/** A practice mark as JSON (boolean) or a file (text) gives it; null when it is neither yes nor no. */
export function practiceMark(value: unknown): boolean | null {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const word = value.normalize('NFC').trim().toLowerCase();
  return YES.has(word) ? true : NO.has(word) ? false : null;
}

/** A link a contestant may follow: http or https only (never javascript:, data:, file:…). */
export function isWebLink(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const clean = (value: unknown): string => (typeof value === 'string' ? value.normalize('NFC').trim() : '');

/**
 * Checks one question of an import; `row` is the 1-based row people see in their file. `inFile`:
 * messages that a person must find in a file name the row too (an edited question has none).
 */
export function checkQuestion(input: Partial<Record<keyof QuestionInput, unknown>>, row: number, inFile = true): ValidQuestion | RowError[] {
  const errors: RowError[] = [];
  const topic = clean(input.topic);
  const text = clean(input.text);
  const options = Array.isArray(input.options) ? input.options.map(clean) : [];
  const explanation = clean(input.explanation) || null;
  const source = clean(input.source) || null;
  const sourceUrl = clean(input.sourceUrl) || null;
  const practice = practiceMark(input.practice);
  const atRow = inFile ? ` (dòng ${row})` : '';
  const id = input.id === undefined || input.id === null ? null : clean(input.id);
  if (id !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(id)) errors.push({ row, field: 'id', message: 'Mã câu hỏi chỉ gồm chữ, số, gạch ngang, tối đa 64 ký tự' });
  if (!/^[\p{L}\p{N} _-]{1,64}$/u.test(topic)) errors.push({ row, field: 'topic', message: 'Chủ đề là bắt buộc (tối đa 64 ký tự)' });
  if (text.length < 5 || text.length > 2000) errors.push({ row, field: 'text', message: 'Nội dung câu hỏi phải có từ 5 đến 2000 ký tự' });
  if (options.length < MIN_OPTIONS || options.length > MAX_OPTIONS) {
    errors.push({ row, field: 'options', message: `Câu hỏi phải có từ ${MIN_OPTIONS} đến ${MAX_OPTIONS} phương án` });
  } else {
    options.forEach((option, index) => {
      if (option.length < 1 || option.length > 500) {
        errors.push({ row, field: OPTION_COLUMNS[index]!, message: `Phương án ${'ABCDEF'[index]} phải có từ 1 đến 500 ký tự` });
      }
    });
    if (new Set(options).size !== options.length) errors.push({ row, field: 'options', message: 'Các phương án không được trùng nhau' });
  }
  const answer = input.answer;
  if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 0 || answer >= Math.max(options.length, 1)) {
    errors.push({ row, field: 'answer', message: 'Đáp án phải chỉ đúng một trong các phương án' });
  }
  if (explanation && explanation.length > 2000) errors.push({ row, field: 'explanation', message: 'Giải thích không được dài quá 2000 ký tự' });
  if (source && source.length > 1000) errors.push({ row, field: 'source', message: `Nguồn (source) không được dài quá 1000 ký tự${atRow}` });
  if (sourceUrl && (sourceUrl.length > 2000 || !isWebLink(sourceUrl))) {
    errors.push({ row, field: 'sourceUrl', message: `Liên kết nguồn (source_url) phải là địa chỉ bắt đầu bằng http:// hoặc https://, tối đa 2000 ký tự${atRow}` });
  }
  if (practice === null) {
    errors.push({ row, field: 'practice', message: `Luyện tập (practice) chỉ nhận «x», «có», «1», «true» hoặc để trống${atRow}` });
  }
  return errors.length
    ? errors
    : { id, topic, text, options, answer: answer as number, explanation, source, sourceUrl, practice: practice === true };
}

/**
 * What makes two questions the same question: their text in NFC, any case, whitespace collapsed,
 * without the punctuation it ends with ("Thẻ căn cước là gì?" = "thẻ căn cước  là gì"). Diacritics
 * count: "Đúng" and "Dùng" are different words.
 */
export function questionTextKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.?!:;,…。？！]+$/u, '')
    .trim();
}

/** A question already in the bank; its place in the list the console shows is its index + 1. */
export interface BankQuestion {
  id: string;
  text: string;
}

/**
 * Checks a whole import: all valid, or every row's errors and nothing to import. A question whose
 * text is that of an earlier row, or of a question in `bank` other than the one it replaces (same
 * id), is refused on its row, naming the row or the bank question it repeats.
 */
export function checkQuestions(
  inputs: readonly Partial<Record<keyof QuestionInput, unknown>>[],
  firstRow: number | readonly number[],
  bank: readonly BankQuestion[] = [],
): { questions: ValidQuestion[]; errors: RowError[] } {
  // A first row number (JSON: 1; a file without blank rows: 2), or each input's own row number.
  const rowOf = (index: number): number => (typeof firstRow === 'number' ? firstRow + index : (firstRow[index] ?? index + 2));
  const questions: ValidQuestion[] = [];
  const validRows: number[] = [];
  const errors: RowError[] = [];
  inputs.forEach((input, index) => {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      errors.push({ row: rowOf(index), message: 'Mỗi câu hỏi phải là một đối tượng có topic, text, options, answer' });
      return;
    }
    const result = checkQuestion(input, rowOf(index));
    if (Array.isArray(result)) errors.push(...result);
    else {
      questions.push(result);
      validRows.push(rowOf(index));
    }
  });
  const seen = new Set<string>();
  questions.forEach((q, index) => {
    if (q.id === null) return;
    if (seen.has(q.id)) errors.push({ row: validRows[index]!, field: 'id', message: `Mã câu hỏi ${q.id} bị lặp trong tệp` });
    seen.add(q.id);
  });
  const inBank = new Map<string, { id: string; place: number }>();
  bank.forEach((q, index) => {
    const key = questionTextKey(q.text);
    if (!inBank.has(key)) inBank.set(key, { id: q.id, place: index + 1 });
  });
  const inFile = new Map<string, number>();
  questions.forEach((q, index) => {
    const row = validRows[index]!;
    const key = questionTextKey(q.text);
    const earlier = inFile.get(key);
    const banked = inBank.get(key);
    if (earlier !== undefined) errors.push({ row, field: 'text', message: `Câu hỏi trùng nội dung với dòng ${earlier} của tệp` });
    else if (banked && banked.id !== q.id) {
      errors.push({ row, field: 'text', message: `Câu hỏi trùng nội dung với câu số ${banked.place} đã có trong ngân hàng (mã ${banked.id})` });
    }
    if (earlier === undefined) inFile.set(key, row);
  });
  if (inputs.length === 0) errors.push({ row: rowOf(0), message: 'Tệp không có câu hỏi nào' });
  // In row order, as the committee reads them down the sheet (a stable sort keeps a row's own order).
  errors.sort((a, b) => a.row - b.row);
  return { questions: errors.length ? [] : questions, errors };
}

/** The question columns and the Vietnamese headers the committee writes for them. */
const QUESTION_COLUMNS: ColumnAliases<
  'id' | 'topic' | 'text' | (typeof OPTION_COLUMNS)[number] | 'answer' | 'explanation' | 'source' | 'source_url' | 'practice'
> = {
  id: ['Mã câu hỏi'],
  topic: ['Chủ đề'],
  text: ['Câu hỏi', 'Nội dung câu hỏi', 'Nội dung'],
  option_a: ['Phương án A', 'Đáp án A', 'A'],
  option_b: ['Phương án B', 'Đáp án B', 'B'],
  option_c: ['Phương án C', 'Đáp án C', 'C'],
  option_d: ['Phương án D', 'Đáp án D', 'D'],
  option_e: ['Phương án E', 'Đáp án E', 'E'],
  option_f: ['Phương án F', 'Đáp án F', 'F'],
  answer: ['Đáp án', 'Đáp án đúng'],
  explanation: ['Giải thích', 'Giải thích đáp án'],
  source: ['Nguồn', 'Nguồn tham khảo', 'Nguồn trích dẫn'],
  source_url: ['sourceUrl', 'Liên kết nguồn', 'Link nguồn', 'Đường dẫn nguồn', 'URL nguồn', 'Liên kết'],
  practice: ['Luyện tập', 'Dùng luyện tập', 'Câu luyện tập'],
};

/**
 * Rows of the committee's layout (`topic,text,option_a..option_f,answer(A-F),explanation,source,source_url,practice`, or the
 * same columns under Vietnamese headers), from CSV or a workbook. `rows[i]` is the spreadsheet row
 * number of `inputs[i]`; blank rows are skipped.
 */
export function questionsFromRows(table: Table): { inputs: Partial<Record<keyof QuestionInput, unknown>>[]; rows: number[]; errors: RowError[] } {
  const found = tableColumns(table, QUESTION_COLUMNS, ['topic', 'text', 'option_a', 'option_b', 'answer']);
  if (!found.columns) return { inputs: [], rows: [], errors: [found.error] };
  const { has } = found.columns;
  // The exports write a text starting like a formula with a leading "'" (csv.ts `csvCell`): read
  // back, it is the text without it, so a downloaded bank imports unchanged.
  const at = (cells: readonly string[], name: Parameters<typeof found.columns.at>[1]) => found.columns.at(cells, name).replace(/^'(?=[=+\-@\t\r])/, '');
  const body = bodyRows(table);
  const inputs = body.map(({ cells }) => {
    const options = OPTION_COLUMNS.map((name) => at(cells, name));
    while (options.length && options[options.length - 1] === '') options.pop();
    const letter = at(cells, 'answer').toUpperCase();
    return {
      ...(has('id') && at(cells, 'id') ? { id: at(cells, 'id') } : {}),
      topic: at(cells, 'topic'),
      text: at(cells, 'text'),
      options,
      answer: /^[A-F]$/.test(letter) ? letter.charCodeAt(0) - 65 : -1,
      explanation: at(cells, 'explanation'),
      source: at(cells, 'source'),
      sourceUrl: at(cells, 'source_url'),
      practice: at(cells, 'practice'),
    };
  });
  return { inputs, rows: body.map(({ row }) => row), errors: [] };
}

/** @deprecated the CSV name of `questionsFromRows`, kept for existing callers. */
export const questionsFromCsv = questionsFromRows;

/** The columns of a question bank download: the import layout, the id last so a re-import updates rather than adds. */
export const QUESTION_EXPORT_HEADER = [...QUESTION_CSV_HEADER, 'id'] as const;

/**
 * A bank as rows of the import layout (`QUESTION_EXPORT_HEADER`): what `questionsFromRows` reads
 * back as the same questions, answers as letters A–F and unused options empty.
 */
export function questionExportRows(
  questions: readonly {
    id: string;
    topic: string;
    text: string;
    options: readonly string[];
    answer: number;
    explanation: string | null;
    source: string | null;
    sourceUrl: string | null;
    practice: boolean;
  }[],
): string[][] {
  return questions.map((q) => [
    q.topic,
    q.text,
    ...OPTION_COLUMNS.map((_, index) => q.options[index] ?? ''),
    'ABCDEF'[q.answer] ?? '',
    q.explanation ?? '',
    q.source ?? '',
    q.sourceUrl ?? '',
    q.practice ? 'x' : '',
    q.id,
  ]);
}
