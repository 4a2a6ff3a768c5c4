import type { Finding } from '../engine/finding.js';
import { plural } from './plural.js';
import { severityCounts } from './severityCounts.js';

/** "3 problems (1 error, 1 warning, 1 note)": the count line shared by the human-readable formatters. */
export function problemSummary(findings: readonly Finding[]): string {
  const counts = severityCounts(findings);
  return (
    `${plural(findings.length, 'problem')} ` +
    `(${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})`
  );
}
