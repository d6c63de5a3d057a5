import { ScorecardEntry } from '@containersec/plugin-container-security-common';

/** The CSV columns, in order. */
export const SCORECARD_CSV_COLUMNS = [
  'entityRef',
  'title',
  'owner',
  'system',
  'domain',
  'score',
  'grade',
  'level',
  'critical',
  'high',
  'medium',
  'low',
  'info',
  'workloads',
] as const;

/** Characters that make spreadsheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Text starting like a formula gets a leading `'` so spreadsheets show it
 * as text; cells holding a comma, quote or line break are quoted, quotes doubled.
 * Numbers are written as they are.
 */
export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    text = `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/** The entries as CSV (RFC 4180, CRLF line ends), a header row first. */
export function scorecardsToCsv(entries: ScorecardEntry[]): string {
  const rows: Array<Array<string | number | undefined>> = [
    [...SCORECARD_CSV_COLUMNS],
    ...entries.map(e => [
      e.entityRef,
      e.title,
      e.owner,
      e.system,
      e.domain,
      e.score,
      e.grade,
      e.level,
      e.counts.critical ?? 0,
      e.counts.high ?? 0,
      e.counts.medium ?? 0,
      e.counts.low ?? 0,
      e.counts.info ?? 0,
      e.workloadCount,
    ]),
  ];
  return `${rows.map(row => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Lets the browser save `content` as `filename`. */
export function downloadText(
  content: string,
  filename: string,
  type = 'text/csv;charset=utf-8',
) {
  // A byte order mark, so spreadsheets read the UTF-8 text as UTF-8.
  const blob = new Blob(['\ufeff', content], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
  // Later, so the download has started before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
