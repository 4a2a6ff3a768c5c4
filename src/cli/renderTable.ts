import { terminalText } from '../formatters/terminalText.js';
/** A plain-text table with columns padded to their widest cell; the last column is not padded. */
export function renderTable(header: string[], rawRows: string[][]): string {
  // Cells hold text from runbooks and archives (step names, zip entry names): one line each, controls made visible.
  const rows = rawRows.map((row) => row.map(terminalText));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
