import type { LintReport } from '../engine/finding.js';
import type { FormatContext, Formatter } from './formatContext.js';
import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export type FormatterName = 'stylish' | 'json' | 'sarif' | 'github';

/** Every output format `lint --format` accepts, by name. */
export const formatters: Record<FormatterName, Formatter> = { stylish, json, sarif, github };

export const formatterNames = Object.keys(formatters) as FormatterName[];

/** Renders a report in the named format. */
export function formatReport(name: FormatterName, report: LintReport, context: FormatContext): string {
  return formatters[name](report, context);
}
