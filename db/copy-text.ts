// PostgreSQL's COPY text format: one line per row, columns separated by a tab, SQL NULL as \N.
// A value's backslash, tab, newline and carriage return are escaped so they cannot end a column or
// a row early; "\N" as a string becomes "\\N" and so stays a string. Everything else (unicode
// included) passes as it is: the stream is UTF-8, the connection's encoding.
const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

export type CopyValue = string | number | boolean | null | undefined;

export function copyTextValue(value: CopyValue): string {
  if (value === null || value === undefined) return "\\N";
  const text = String(value);
  return text.replace(SPECIAL, (c) => ESCAPES[c]);
}

export function copyTextRows(rows: readonly (readonly CopyValue[])[]): string {
  let out = "";
  for (const row of rows) out += `${row.map(copyTextValue).join("\t")}\n`;
  return out;
}
