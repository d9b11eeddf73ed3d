/**
 * The data rows of a bulk CSV file, counted as the server reads them (csv-parse: a quoted line break stays
 * in its field, empty lines are skipped); 0 when the file does not parse, and the server's progress then
 * sets the total. The parser is loaded only when a file is sent (it would double the Station's script).
 */
export async function countCsvRows(text: string): Promise<number> {
  const { parse } = await import('csv-parse/browser/esm/sync');
  try {
    return Math.max(parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }).length - 1, 0);
  } catch {
    return 0;
  }
}
