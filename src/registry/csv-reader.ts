/**
 * Reads a registry CSV as a stream of records with the line each starts on: checks that the bytes
 * are UTF-8 (telling a Thai TIS-620/Windows-874 file apart), that the header has the expected
 * columns, and turns csv-parse's syntax errors (broken quotes) into a line number and a reason.
 */
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { CsvImportRejectedError } from './errors';

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
}

/** Runs `onRecord` for every record in order; throws CsvImportRejectedError when the file itself cannot be read as CSV. */
export async function readCsv(input: AsyncIterable<Uint8Array>, columns: CsvColumns, onRecord: (record: CsvRecord) => Promise<void>): Promise<void> {
  let lastLine = 1;
  let emptyLines = 0;
  let headerChecked = false;
  let header: string[] | undefined;
  const parser = parse({ columns: (names: string[]) => (header = names.map((h) => h.trim().toLowerCase())), bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  try {
    await pipeline(decodeUtf8(input), parser, async (records: AsyncIterable<{ record: Record<string, string>; info: { lines: number; empty_lines: number } }>) => {
      for await (const { record, info } of records) {
        if (!headerChecked) {
          checkHeader(header!, columns);
          headerChecked = true;
        }
        const line = lastLine + 1 + (info.empty_lines - emptyLines);
        lastLine = info.lines;
        emptyLines = info.empty_lines;
        await onRecord({ line, values: record });
      }
    });
  } catch (error) {
    if (error instanceof CsvError) throw syntaxError(error, lastLine + 1);
    throw error;
  }
  if (!header) throw new CsvImportRejectedError('The file is empty: it needs a header line naming the columns.', []);
  if (!headerChecked) checkHeader(header, columns);
}

function checkHeader(names: string[], columns: CsvColumns): void {
  const known = new Set([...columns.required, ...columns.optional]);
  const missing = columns.required.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !known.has(n));
  if (missing.length + unknown.length === 0) return;
  const parts = [missing.length > 0 ? `missing ${missing.join(', ')}` : '', unknown.length > 0 ? `unknown ${unknown.join(', ')}` : ''].filter(Boolean);
  throw new CsvImportRejectedError(`The header line does not have the expected columns (${parts.join('; ')}).`, [{ line: 1, reason: `expected columns: ${[...columns.required, ...columns.optional].join(', ')}` }]);
}

const strayQuoteCodes = new Set(['CSV_INVALID_CLOSING_QUOTE', 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', 'INVALID_OPENING_QUOTE']);

function syntaxError(error: CsvError, recordStartLine: number): CsvImportRejectedError {
  const lines = (error as CsvError & { lines?: number }).lines;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new CsvImportRejectedError(`The file has a broken quote: the quoted field opened on line ${recordStartLine} is never closed.`, [{ line: recordStartLine, reason: 'quoted field never closed' }]);
  }
  if (strayQuoteCodes.has(error.code)) {
    const line = lines ?? recordStartLine;
    return new CsvImportRejectedError(`The file has a broken quote on line ${line}: a quote inside a field must be doubled ("") and the field quoted.`, [{ line, reason: 'stray quote inside a field' }]);
  }
  const line = lines ?? recordStartLine;
  return new CsvImportRejectedError(`The file is not valid CSV at line ${line}.`, [{ line, reason: error.message }]);
}

/** Passes the text through, and stops with a clear sentence at the first byte sequence that is not UTF-8. */
async function* decodeUtf8(input: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lineCount = 0;
  for await (const chunk of input) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw encodingError(chunk, lineCount);
    }
    lineCount += countNewlines(text);
    yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new CsvImportRejectedError('The file is not valid UTF-8: it ends in the middle of a character.', [{ line: lineCount + 1, reason: 'truncated UTF-8 character' }]);
  }
}

function encodingError(chunk: Uint8Array, linesBefore: number): CsvImportRejectedError {
  const lenient = new TextDecoder('utf-8').decode(chunk);
  const line = linesBefore + countNewlines(lenient.slice(0, lenient.indexOf('\uFFFD'))) + 1;
  const highBytes = chunk.filter((b) => b >= 0x80);
  // TIS-620 and Windows-874 put Thai letters at 0xA1–0xFB; a file of those bytes is Thai text in the old encoding.
  const looksThai = highBytes.length > 0 && highBytes.filter((b) => b >= 0xa1 && b <= 0xfb).length / highBytes.length > 0.9;
  const message = looksThai
    ? `The file is not UTF-8: it looks like Thai text in TIS-620/Windows-874 (first on line ${line}); save it as UTF-8 and import it again.`
    : `The file is not valid UTF-8 (first bad byte on line ${line}); save it as UTF-8 and import it again.`;
  return new CsvImportRejectedError(message, [{ line, reason: looksThai ? 'TIS-620/Windows-874 bytes, not UTF-8' : 'bytes that are not UTF-8' }]);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
