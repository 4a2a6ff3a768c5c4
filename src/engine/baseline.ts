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

export interface BaselineFile {
  version: 1;
  tool: 'runbook-iam';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/**
 * A finding's identity without its line numbers: rule, repository-relative file, step and message. Findings that
 * only move (lines added above them) keep their fingerprint; an edited message or a renamed step makes a new one.
 */
export function fingerprintOf(finding: Finding, cwd: string): string {
  const file = relativePath(finding.range.file, cwd);
  return createHash('sha256')
    .update([finding.ruleId, file, finding.step ?? '', withoutPositions(finding.message)].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/** Messages that mention other positions ("also used at line 6") keep their identity when lines move. */
function withoutPositions(message: string): string {
  return message.replace(/\b(line|column)s? \d+/g, '$1 #');
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
  return { version: 1, tool: 'runbook-iam', findings: entries };
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
  if (
    file === null ||
    typeof file !== 'object' ||
    file.version !== 1 ||
    !Array.isArray(file.findings) ||
    !file.findings.every(wellFormed)
  ) {
    throw new BaselineError(
      `${path} is not a runbook-iam baseline (expected {"version": 1, "findings": [...]}); write one with --write-baseline.`,
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
