import type { Finding, Severity } from './finding.js';
import { SEVERITY_RANK } from './finding.js';

/**
 * Output stays proportional to what a reader can act on, whatever the input: at most this many findings of one rule
 * in one file (the rest are counted in one summary finding), and at most this many characters in one message.
 */
export const FINDING_LIMITS = { perRuleAndFile: 100, messageLength: 1000 };

/** The findings of one file with the limits applied, in their order. */
export function boundFindings(findings: readonly Finding[]): Finding[] {
  const kept: Finding[] = [];
  const dropped = new Map<string, { count: number; first: Finding; severity: Severity }>();
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const count = (counts.get(finding.ruleId) ?? 0) + 1;
    counts.set(finding.ruleId, count);
    if (count <= FINDING_LIMITS.perRuleAndFile) {
      kept.push(boundMessage(finding));
      continue;
    }
    const entry = dropped.get(finding.ruleId);
    if (!entry) dropped.set(finding.ruleId, { count: 1, first: finding, severity: finding.severity });
    else {
      entry.count++;
      if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[entry.severity]) entry.severity = finding.severity;
    }
  }
  for (const [ruleId, { count, first, severity }] of dropped) {
    kept.push({
      ruleId,
      severity,
      message: `${count.toLocaleString('en-US')} more ${ruleId} finding${count === 1 ? '' : 's'} in this file ${count === 1 ? 'is' : 'are'} not listed (at most ${FINDING_LIMITS.perRuleAndFile} per rule and file); the first is here. Fix the ones listed and run again.`,
      range: first.range,
    });
  }
  return kept;
}

function boundMessage(finding: Finding): Finding {
  const { messageLength } = FINDING_LIMITS;
  if (finding.message.length <= messageLength) return finding;
  const more = finding.message.length - messageLength;
  return {
    ...finding,
    message: `${finding.message.slice(0, messageLength)}… (${more.toLocaleString('en-US')} more characters)`,
  };
}
