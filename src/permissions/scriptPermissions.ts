import { dirname, extname, join } from 'node:path';
import type { Runbook, Step } from '../model/runbook.js';
import type { ScalarNode } from '../parse/documentNode.js';
import type { SourceRange } from '../parse/sourceRange.js';
import { lookupOperation, serviceForClient } from './actionMap.js';
import { followOnNeeds } from './followOnNeeds.js';
import { inputsAt, scalarInput } from '../model/inputsAt.js';
import type { NeedOrigin, PermissionNeed } from './permissionNeed.js';
import { actionMapCatalog, cmdletTable } from './scripts/actionMapCatalog.js';
import { analyzePowerShell } from './scripts/analyzePowerShell.js';
import { analyzePython } from './scripts/analyzePython.js';
import { attachmentHandler } from './scripts/attachmentHandler.js';
import type { ScriptAnalysis, ScriptCall } from './scripts/scriptAnalysis.js';
import { scriptLineRange } from './scriptLineRange.js';
import type { NeedFor } from './stepPermissions.js';

/** One analysed script of a step: its inline `Script`, or a file of its attachment. */
export interface StepScript {
  analysis: ScriptAnalysis;
  /** `inline`, or the attachment file (`handler.py`, `bundle.zip: main.py`). */
  origin: string;
  /** Where a position inside the script is in the repository. */
  locate(position: { line: number; column: number; endLine: number; endColumn: number }): SourceRange;
}

export interface StepScripts {
  scripts: StepScript[];
  /** Why (part of) the step's code could not be analysed: a missing or unreadable attachment, an unknown runtime. */
  problem?: string;
}

/** A one-line script that is a template placeholder (`%%SCRIPT=x.py%%`, `{{ script }}`, `${file(...)}`), not code. */
const PLACEHOLDER = /^(%%[^%\n]+%%|@@[^@\n]+@@|\{\{[^{}\n]+\}\}|\$\{[^{}\n]+\})$/;

/** Scripts larger than this are not parsed: Automation's own limits keep real scripts far smaller, and parsing a huge one costs seconds. */
export const MAX_ANALYSED_SCRIPT = 1024 * 1024;

function analyze(text: string, runtime: string, handler: string | undefined): ScriptAnalysis | undefined {
  if (/^python/i.test(runtime))
    return analyzePython(text, { catalog: actionMapCatalog, ...(handler ? { handler } : {}) });
  if (/^powershell/i.test(runtime))
    return analyzePowerShell(text, { catalog: actionMapCatalog, cmdlets: cmdletTable() });
  return undefined;
}

/**
 * The scripts an aws:executeScript step runs: the inline `Script`, or the `Attachment` the engine read next to the
 * runbook (for a .zip, the handler's module `main.py` of `Handler: main.handler` and every other script entry).
 */
export function stepScripts(runbook: Runbook, step: Step): StepScripts {
  const computed = computeStepScripts(runbook, step);
  // An analysis that stopped before following every value says so, like any other reason its calls may be incomplete.
  const incomplete = computed.scripts.find((script) => script.analysis.incomplete)?.analysis.incomplete;
  return incomplete !== undefined && computed.problem === undefined ? { ...computed, problem: incomplete } : computed;
}

function computeStepScripts(runbook: Runbook, step: Step): StepScripts {
  const runtime = scalarInput(step.inputs, 'Runtime') ?? '';
  const handler = scalarInput(step.inputs, 'Handler');
  const [script] = inputsAt(step.inputs, 'Script');
  if (script?.kind === 'scalar' && typeof script.value === 'string') {
    const placeholder = PLACEHOLDER.exec(script.value.trim());
    if (placeholder)
      return {
        scripts: [],
        problem: `the script is a build placeholder (${placeholder[0]})`,
      };
    if (script.value.length > MAX_ANALYSED_SCRIPT)
      return {
        scripts: [],
        problem: `the script is over ${MAX_ANALYSED_SCRIPT / 1024 / 1024} MB, too large to analyse`,
      };
    const analysis = analyze(script.value, runtime, handler);
    if (!analysis) return { scripts: [], problem: `runtime "${runtime}" is not Python or PowerShell` };
    return {
      scripts: [
        {
          analysis,
          origin: 'inline',
          locate: (position) => scriptLineRange(runbook.source, script as ScalarNode, position),
        },
      ],
    };
  }
  const name = scalarInput(step.inputs, 'Attachment');
  if (name === undefined) return { scripts: [] };
  const attachment = runbook.attachments.get(name);
  const attachmentRange = inputsAt(step.inputs, 'Attachment')[0]?.range ?? step.headRange;
  if (!attachment || attachment.kind === 'absent')
    return { scripts: [], problem: `attachment ${name} is not next to the runbook` };
  if (attachment.kind === 'error') return { scripts: [], problem: attachment.message };
  const python = /^python/i.test(runtime);
  const wanted = handler === undefined ? undefined : attachmentHandler(handler, python ? '.py' : '.ps1');
  const isZip = extname(name).toLowerCase() === '.zip';
  const path = join(dirname(runbook.path), name);
  const scripts: StepScript[] = [];
  for (const entry of attachment.entries) {
    if (entry.text.length > MAX_ANALYSED_SCRIPT)
      return {
        scripts,
        problem: `${entry.name} is over ${MAX_ANALYSED_SCRIPT / 1024 / 1024} MB, too large to analyse`,
      };
    const isHandlerFile = !isZip || entry.name === wanted?.file;
    const analysis = analyze(
      entry.text,
      runtime,
      isHandlerFile ? (isZip ? wanted?.functionName : (wanted?.functionName ?? handler)) : undefined,
    );
    if (!analysis) continue;
    scripts.push({
      analysis,
      origin: isZip ? `${name}: ${entry.name}` : name,
      // A plain script file is in the repository, so findings point into it; a zip entry is not, so they point at Attachment.
      locate: (position) =>
        isZip
          ? attachmentRange
          : {
              file: path,
              startLine: position.line,
              startColumn: position.column,
              endLine: position.endLine,
              endColumn: position.endColumn,
            },
    });
  }
  return { scripts };
}

/** IAM needs of the AWS calls in an aws:executeScript step's script(s), located at their lines. */
export function scriptPermissions(
  runbook: Runbook,
  step: Step,
  name: string,
  needFor: NeedFor,
  scripts: StepScripts,
): PermissionNeed[] {
  const needs: PermissionNeed[] = [];
  for (const script of scripts.scripts) {
    const { analysis } = script;
    for (const call of analysis.calls) {
      const range = script.locate(call);
      const origin: Extract<NeedOrigin, { kind: 'script' }> = {
        kind: 'script',
        language: analysis.language,
        file: script.origin === 'inline' ? 'script' : script.origin,
        line: call.line,
        call: call.text,
        reachable: call.reachableFromHandler,
      };
      const operation =
        call.service !== null && call.operation !== null ? lookupOperation(call.service, call.operation) : undefined;
      if (!operation) {
        needs.push(unresolvedCall(call, name, origin, range));
        continue;
      }
      const hasInput = (input: string) => argumentGiven(call, input) !== 'no';
      for (const entry of operation.actions) {
        // An action an input triggers (a role passed, tags on create, a KMS key) is needed when the call passes that
        // keyword, also inside a literal dict (Parameters={'AutomationAssumeRole': ...}); likely when it may.
        const given = entry.whenInput === undefined ? 'yes' : argumentGiven(call, entry.whenInput);
        if (given === 'no') continue;
        const confidence = given === 'maybe' && call.confidence === 'certain' ? 'likely' : call.confidence;
        const from = entry.whenInput === undefined ? origin : { ...origin, whenInput: entry.whenInput };
        const found = needFor(runbook, step, name, entry.action, undefined, from, confidence, range);
        // No step input names a script call's resource: the script chooses it.
        const need: PermissionNeed =
          found.resourceNote?.kind === 'not-named' ? { ...found, resourceNote: { kind: 'chosen-in-script' } } : found;
        if (entry.action === 'iam:PassRole' && entry.passedToService)
          need.conditions = { StringEquals: { 'iam:PassedToService': [entry.passedToService] } };
        needs.push(need, ...followOnNeeds(runbook, step, name, need, hasInput, needFor));
      }
    }
  }
  return needs;
}

/** Whether a script call passes an input (`Role`, `Parameters.AutomationAssumeRole`): yes, no, or maybe (a dict variable, **kwargs). */
function argumentGiven(call: ScriptCall, input: string): 'yes' | 'no' | 'maybe' {
  const given = call.arguments ?? [];
  if (given.includes(input)) return 'yes';
  const parts = input.split('.');
  for (let length = parts.length - 1; length > 0; length--)
    if (given.includes(`${parts.slice(0, length).join('.')}.*`)) return 'maybe';
  if (given.includes('**') && !given.includes(parts[0] as string)) return 'maybe';
  return 'no';
}

function unresolvedCall(
  call: ScriptCall,
  name: string,
  origin: Extract<NeedOrigin, { kind: 'script' }>,
  range: SourceRange,
): PermissionNeed {
  const prefix = call.service === null ? undefined : serviceForClient(call.service)?.iamPrefix;
  return {
    action: prefix ? `${prefix}:*` : '*',
    resources: ['*'],
    step: name,
    origin: { ...origin, unresolved: call.kind === 'dynamic-client' ? 'dynamic-client' : 'unknown-operation' },
    confidence: 'unknown',
    resourceConfidence: 'unknown',
    range,
  };
}
