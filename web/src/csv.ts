// CSV for the UI's exports (analytics tables, the incident list): RFC 4180 quoting, a header row,
// and a download through a temporary object URL.

export type CsvRow = Record<string, unknown>;

/** Rows to CSV text; the columns are `cols`, or every key seen, in order of first appearance. */
export function toCsv(rows: CsvRow[], cols?: string[]): string {
  if (!rows.length && !cols) return '';
  const names = cols ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : String(v);
    // A cell starting with = + - @ would be a formula in a spreadsheet: prefix it (OWASP CSV injection).
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [names.join(','), ...rows.map((r) => names.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** Offers the text as a file download. */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
