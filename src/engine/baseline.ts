import { createHash } from 'node:crypto';
import { relative, resolve, sep } from 'node:path';
import { readRegularFileSync, refusalReason } from '../parse/readRegularFile.js';
import type { Finding } from './finding.js';

/** A baseline holds about 100 bytes per finding: 64 MB is over half a million findings. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
}

/** Version of the baseline file: 2 since fingerprints are made from the finding's key instead of its message. */
export const BASELINE_VERSION = 2;

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  tool: 'runbook-iam';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/**
 * A finding's identity, the same however the command line spelled its paths and wherever it moves in the file: the
 * rule, the file relative to `cwd` (normalised: `./roles/a.json` is `roles/a.json`), the step and the finding's stable
 * `key`. The message is left out, so rewording a message, or a path quoted in it as typed, changes nothing. Used by
 * baselines and SARIF partialFingerprints.
 */
export function fingerprintOf(finding: Finding, cwd: string): string {
  const file = relativePath(finding.range.file, cwd);
  return createHash('sha256')
    .update([finding.ruleId, file, finding.step ?? '', finding.key ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

export function relativePath(path: string, cwd: string): string {
  return relative(cwd, resolve(cwd, path)).split(sep).join('/');
}

export function createBaseline(findings: Finding[], cwd: string): BaselineFile {
  const entries = findings.map((finding) => ({
    ruleId: finding.ruleId,
    file: relativePath(finding.range.file, cwd),
    fingerprint: fingerprintOf(finding, cwd),
  }));
  entries.sort((a, b) => (a.file + a.ruleId + a.fingerprint).localeCompare(b.file + b.ruleId + b.fingerprint));
  return { version: BASELINE_VERSION, tool: 'runbook-iam', findings: entries };
}

export function readBaseline(path: string): BaselineFile {
  const read = readRegularFileSync(path, { maxBytes: MAX_BASELINE_BYTES });
  if (!read.ok) throw new BaselineError(`${refusalReason(`baseline ${path}`, read, MAX_BASELINE_BYTES)}.`);
  let data: unknown;
  try {
    data = JSON.parse(read.bytes.toString('utf8'));
  } catch (error) {
    throw new BaselineError(`Cannot read baseline ${path}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const file = data as Partial<BaselineFile>;
  const wellFormed = (entry: unknown): boolean =>
    typeof entry === 'object' && entry !== null && typeof (entry as Partial<BaselineEntry>).fingerprint === 'string';
  if (file !== null && typeof file === 'object' && (file.version as number) === 1) {
    throw new BaselineError(
      `${path} is a baseline of an older runbook-iam (version 1, fingerprints from messages); write it again with --write-baseline.`,
    );
  }
  if (
    file === null ||
    typeof file !== 'object' ||
    file.version !== BASELINE_VERSION ||
    !Array.isArray(file.findings) ||
    !file.findings.every(wellFormed)
  ) {
    throw new BaselineError(
      `${path} is not a runbook-iam baseline (expected {"version": 2, "findings": [...]}); write one with --write-baseline.`,
    );
  }
  return file as BaselineFile;
}

/** Drops findings present in the baseline. Each baseline entry absorbs one finding, so a new duplicate still shows. */
export function applyBaseline(findings: Finding[], baseline: BaselineFile, cwd: string): Finding[] {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  return findings.filter((finding) => {
    const key = fingerprintOf(finding, cwd);
    const count = remaining.get(key) ?? 0;
    if (count === 0) return true;
    remaining.set(key, count - 1);
    return false;
  });
}
