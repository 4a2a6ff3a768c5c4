import { analyzePython } from '../../../../src/permissions/scripts/python/analyzePython.js';
import type { ScriptAnalysis } from '../../../../src/permissions/scripts/scriptAnalysis.js';
import { testCatalog } from '../testCatalog.js';

const catalog = testCatalog();

/** Analyses a script given as lines (the parser must be loaded). */
export function analyzeLines(lines: string[], handler?: string): ScriptAnalysis {
  return analyzePython(lines.join('\n'), handler === undefined ? { catalog } : { handler, catalog });
}

/** `service:Operation` of each call, in source order. */
export function operationsOf(lines: string[], handler?: string): string[] {
  return analyzeLines(lines, handler).calls.map((call) => `${call.service}:${call.operation}`);
}
