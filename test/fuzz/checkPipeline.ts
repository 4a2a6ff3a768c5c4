import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../../src/engine/config.js';
import { analyseLoaded } from '../../src/engine/lintFiles.js';
import { RoleResolver } from '../../src/engine/resolveRole.js';
import { lintRunbook } from '../../src/engine/lintRunbook.js';
import { loadText } from '../../src/engine/loadRunbooks.js';
import type { FileResult, Finding, LintReport } from '../../src/engine/finding.js';
import { formatReport, formatterNames } from '../../src/formatters/index.js';
import type { FormatContext } from '../../src/formatters/formatContext.js';

/**
 * Runs one file's text through every stage `lint` runs — the loader (parse, extraction, attachments, model), the
 * per-runbook analysis (control flow, permissions), every rule at its default severity and the suppressions, all
 * through the same functions as lint — and every formatter, and throws on any broken promise: an exception from a
 * stage, an internal-error finding (a rule that threw), a finding without a usable position, JSON that does not
 * parse, SARIF that does not validate against the 2.1.0 schema.
 */
export async function checkPipeline(path: string, text: string, cwd: string): Promise<LintReport> {
  const loaded = await loadText({ path, explicit: true }, text, { cwd, readByTemplates: new Set() });
  const files: FileResult[] = [...loaded.results];
  const findings: Finding[] = loaded.problems.map((problem) => ({
    ruleId: 'parse-error',
    severity: 'error' as const,
    message: problem.message,
    range: problem.range,
  }));
  const roles = await RoleResolver.create(defaultConfig(cwd));
  for (const entry of loaded.runbooks) {
    const { analysis } = await analyseLoaded(entry, roles);
    const { findings: found } = lintRunbook(analysis, rules, (_id, fallback) => fallback);
    const internal = found.find((finding) => finding.internal === true);
    if (internal) throw new Error(`a rule failed: ${internal.message}`);
    for (const finding of found) findings.push(finding);
  }

  for (const finding of findings) {
    const { startLine, startColumn, endLine, endColumn } = finding.range;
    const positions = [startLine, startColumn, endLine, endColumn];
    if (
      !positions.every((n) => Number.isInteger(n) && n >= 1) ||
      endLine < startLine ||
      (endLine === startLine && endColumn < startColumn)
    ) {
      throw new Error(`finding ${finding.ruleId} has an unusable range ${JSON.stringify(finding.range)}`);
    }
    if (typeof finding.message !== 'string' || finding.message.trim() === '')
      throw new Error(`finding ${finding.ruleId} has no message`);
  }

  const report: LintReport = { files, findings, runNotes: loaded.notes };
  for (const name of formatterNames) {
    for (const color of name === 'stylish' ? [false, true] : [false]) {
      const output = formatReport(name, report, { ...formatContext(cwd), color });
      if (typeof output !== 'string') throw new Error(`${name} returned ${typeof output}`);
      if (name === 'json') JSON.parse(output);
      if (name === 'sarif') {
        const validate = sarifValidator();
        if (!validate(JSON.parse(output)))
          throw new Error(`SARIF does not validate: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      }
      if (name === 'github') {
        // Workflow commands are one per line; a message with a raw line break would split a command in two.
        // Besides them it prints one summary line that starts with the tool name.
        for (const line of output.split('\n')) {
          if (line !== '' && !line.startsWith('::') && !line.startsWith('runbook-iam:'))
            throw new Error(`github output line is not a workflow command: ${line}`);
        }
      }
    }
  }
  return report;
}

function formatContext(cwd: string): FormatContext {
  return {
    toolName: 'runbook-iam',
    toolVersion: '0.0.0-fuzz',
    rules: rules.map((rule) => rule.meta),
    cwd,
    color: false,
  };
}

let validator: ValidateFunction | undefined;

/** The SARIF 2.1.0 JSON schema (draft 2020-12) shipped with Microsoft's SARIF multitool. */
function sarifValidator(): ValidateFunction {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const schemaPath = join(
    dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')),
    'sarif-2.1.0.json',
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The schema uses these formats; ajv-formats is not a dependency, so they are checked here.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  validator = ajv.compile(schema);
  return validator;
}
