/**
 * Streams an export as an XLSX workbook written by hand: a ZIP (exports/zip-stream.ts) of the few
 * XML parts Excel and LibreOffice need. Cells are numbers or inline strings, so no shared-strings
 * table has to be held until the end; the header row is bold and frozen; a sheet holds at most
 * Excel's 1,048,576 rows, and longer exports continue on further sheets, each with the header.
 */
import type { Writable } from 'node:stream';
import type { ExportCell } from './rules.js';
import type { Pages } from './sheet.js';
import { ZipWriter, type ZipEntry, type ZipWriterOptions } from './zip-stream.js';

/** Rows per worksheet in Excel (and LibreOffice): the header plus 1,048,575 rows of data. */
export const EXCEL_MAX_ROWS = 1_048_576;

export interface XlsxSheet {
  sheetName: string;
  header: readonly string[];
  /** Column widths in characters, by position; others get a width from the title. */
  widths?: readonly (number | undefined)[];
  pages: Pages<readonly ExportCell[]>;
}

export interface XlsxOptions extends ZipWriterOptions {
  /** Rows per worksheet, header included; only tests set it lower than Excel's limit. */
  maxRowsPerSheet?: number;
  /** Awaited after each page: lets the event loop turn, so other requests run between pages. */
  betweenPages?: () => Promise<void>;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const STYLE_PLAIN = 0;
/**
 * Sheet XML is handed to the compressor in pieces of about this many characters. Strings past
 * V8's large-object size (128 KiB) are allocated straight into the old generation and wait for a
 * full collection: writing whole pages (megabytes each) grew the server by 200 MB (measured).
 */
export const WRITE_CHARS = 32 * 1024;
const STYLE_BOLD = 1;

/**
 * Writes `sheet` as a workbook into `out`, page by page. Returns early, leaving the file
 * unfinished, if `out` is destroyed (the client went away).
 */
export async function writeXlsx(out: Writable, sheet: XlsxSheet, options: XlsxOptions = {}): Promise<void> {
  return writeXlsxSheets(out, [sheet], options);
}

/** Writes several sheets, one after another, into one workbook (a download with two tables). */
export async function writeXlsxSheets(out: Writable, sheets: readonly XlsxSheet[], options: XlsxOptions = {}): Promise<void> {
  const entries: ZipEntry[] = [];
  try {
    await writeWorkbook(out, sheets, options, entries);
  } catch (error) {
    for (const entry of entries) entry.abort(); // frees the compressor of a sheet left open
    throw error;
  }
}

async function writeWorkbook(out: Writable, sheets: readonly XlsxSheet[], options: XlsxOptions, entries: ZipEntry[]): Promise<void> {
  const maxRows = options.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  const zip = new ZipWriter(out, options);
  const sheetNames: string[] = [];
  for (const sheet of sheets) {
    const columns = sheet.header.map((_, index) => columnLetters(index));
    const first = sheetNames.length;
    let entry: ZipEntry | null = null;
    let rowNumber = 0;

    const startSheet = async () => {
      sheetNames.push(numberedSheetName(sheet.sheetName, sheetNames.length - first + 1));
      entry = await zip.openEntry(`xl/worksheets/sheet${sheetNames.length}.xml`);
      entries.push(entry);
      const xml = [worksheetStart(sheet)];
      rowXml(xml, sheet.header, 1, columns, STYLE_BOLD);
      await entry.write(xml.join(''));
      rowNumber = 1;
    };

    await startSheet();
    for await (const page of sheet.pages) {
      if (out.destroyed) return entry!.abort();
      let xml: string[] = [];
      let length = 0;
      for (const cells of page) {
        if (rowNumber === maxRows) {
          xml.push(WORKSHEET_END);
          await entry!.write(xml.join(''));
          await entry!.close();
          xml = [];
          length = 0;
          await startSheet();
        }
        length += rowXml(xml, cells, ++rowNumber, columns, STYLE_PLAIN);
        if (length >= WRITE_CHARS) {
          await entry!.write(xml.join(''));
          xml = [];
          length = 0;
        }
      }
      await entry!.write(xml.join(''));
      await options.betweenPages?.();
    }
    if (out.destroyed) return entry!.abort();
    await entry!.write(WORKSHEET_END);
    await entry!.close();
  }

  // The parts that list the sheets come last, once their number is known; readers go by the
  // central directory, so the order of entries does not matter to them.
  await zip.addFile('[Content_Types].xml', contentTypes(sheetNames.length));
  await zip.addFile('_rels/.rels', ROOT_RELS);
  await zip.addFile('xl/workbook.xml', workbook(sheetNames));
  await zip.addFile('xl/_rels/workbook.xml.rels', workbookRels(sheetNames.length));
  await zip.addFile('xl/styles.xml', STYLES);
  await zip.finish();
}

/** "Lượt thi", then "Lượt thi (2)", "Lượt thi (3)", … within Excel's 31 characters. */
function numberedSheetName(name: string, n: number): string {
  const suffix = n === 1 ? '' : ` (${n})`;
  return name.slice(0, 31 - suffix.length) + suffix;
}

/** Column index (0-based) → "A", "B", …, "Z", "AA", … */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Appends one row of cells to `xml` and returns its length. Blank cells are left out (most answer columns are blank);
 * numbers are numbers; text is an inline string. A cell carries its reference (r="B7") only
 * after a gap: readers place a cell without one in the column after the previous cell, which
 * makes the sheet a tenth smaller. One string per cell, joined per row, then per page: appending
 * piece by piece with `+=` builds ropes that cost more to flatten and collect than the rest of the
 * work (measured with scripts/bench-export.mjs).
 */
function rowXml(xml: string[], cells: readonly ExportCell[], rowNumber: number, columns: readonly string[], style: number): number {
  const r = String(rowNumber);
  const s = style === STYLE_PLAIN ? '' : ` s="${style}"`;
  const row: string[] = [];
  let afterGap = true;
  for (let i = 0; i < cells.length; i++) {
    const value = cells[i];
    if (value === null || value === undefined || value === '' || (typeof value === 'number' && !Number.isFinite(value))) {
      afterGap = true;
      continue;
    }
    const ref = afterGap ? ` r="${columns[i]}${r}"` : '';
    afterGap = false;
    row.push(typeof value === 'number' ? `<c${ref}${s}><v>${value}</v></c>` : `<c${ref}${s} t="inlineStr"><is>${textXml(value)}</is></c>`);
  }
  const line = `<row r="${r}">${row.join('')}</row>`;
  xml.push(line);
  return line.length;
}

/** Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_WORK = /[&<>\0-\x08\x0B-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** A `<t>` element holding `text`: escaped, stripped of what XML forbids, edge spaces kept. */
function textXml(text: string): string {
  if (NEEDS_WORK.test(text)) {
    // A carriage return as a reference: XML readers turn a literal CR LF into LF (a line break in a
    // question would come back changed from a round trip through the file).
    text = text.replace(NOT_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#13;');
  }
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first <= 32 || last <= 32 ? `<t xml:space="preserve">${text}</t>` : `<t>${text}</t>`;
}

const escapeAttribute = (text: string) => text.replace(NOT_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function worksheetStart(sheet: XlsxSheet): string {
  const cols = sheet.header
    .map((title, index) => {
      const width = sheet.widths?.[index] ?? Math.min(Math.max(title.length + 2, 10), 40);
      return `<col min="${index + 1}" max="${index + 1}" width="${width}" customWidth="1"/>`;
    })
    .join('');
  return (
    XML_DECLARATION +
    `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    // The header row stays in view while scrolling.
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    '<sheetData>'
  );
}

const WORKSHEET_END = '</sheetData></worksheet>';

function contentTypes(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    XML_DECLARATION +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    sheets +
    '</Types>'
  );
}

const ROOT_RELS =
  XML_DECLARATION +
  `<Relationships xmlns="${PACKAGE_REL_NS}">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';

function workbook(sheetNames: readonly string[]): string {
  const sheets = sheetNames.map((name, i) => `<sheet name="${escapeAttribute(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return XML_DECLARATION + `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets></workbook>`;
}

function workbookRels(sheetCount: number): string {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return XML_DECLARATION + `<Relationships xmlns="${PACKAGE_REL_NS}">${sheets}<Relationship Id="rId${sheetCount + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
}

/** Two cell formats: plain (0) and the bold header (1). Excel requires the two default fills. */
const STYLES =
  XML_DECLARATION +
  `<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
