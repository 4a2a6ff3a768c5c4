// Measures how well `runbook-iam permissions` finds the IAM actions runbooks need, against an expected list.
//
//   npx tsx scripts/evaluateNeeds.ts <runbook-directory> <expected.json> [--json] [--misses]
//                                    [--exclude=kind,kind] [--without-conditional] [--role-only]
//                                    [--corrections=corrections.json]
//
// expected.json maps a document name (the runbook's file name without extension) to the IAM actions it needs:
// {"My-Runbook": ["ec2:DescribeInstances", "iam:PassRole"]}. Every runbook named there is analysed with the
// `permissions` command (in-process, JSON output); its `actions` union is compared with the expected list. Only real
// IAM action names count on both sides (wildcards and names the IAM data does not know are left out), compared
// case-insensitively as IAM does. A documentation page lists what the assume role needs and what the person who
// starts the run needs (ssm:StartAutomationExecution, ssm:GetAutomationExecution), so the prediction is the union of
// the `permissions` actions and the actions of the start policy (`policy --kind passrole`); --role-only leaves the
// start policy out. --corrections names a JSON file {"written name": "IAM action"} for expected names that are not
// IAM actions but stand for one (a CLI prefix such as `cfn:`, a typing error); every correction must be a real IAM
// action, and the ones applied are counted in the report. Recall and precision are printed overall and per kind of need, the kind being
// decided from the action name and the runbook's text, so that the same kinds are measured before and after a change.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/cliIo.js';
import { iamActionExists, snakeCaseOf } from '../src/permissions/actionMap.js';

const KINDS = [
  'passrole',
  'kms-follow-on',
  'cloudwatch-output',
  'create-stack',
  'nested-runbook',
  'service-performed',
  'automation-runtime',
  'other',
] as const;
type Kind = (typeof KINDS)[number];

const KMS_FOLLOW_ONS = new Set([
  'kms:decrypt',
  'kms:encrypt',
  'kms:generatedatakey',
  'kms:generatedatakeywithoutplaintext',
  'kms:describekey',
  'kms:creategrant',
  'kms:reencryptfrom',
  'kms:reencryptto',
]);
const CLOUDWATCH_OUTPUT = new Set([
  'logs:createlogstream',
  'logs:putlogevents',
  'logs:describeloggroups',
  'logs:describelogstreams',
  'logs:createloggroup',
]);

interface Tally {
  expected: number;
  found: number;
  predicted: number;
  correct: number;
  /**
   * Predicted, not in the list, but needed by a rule the list leaves out: the runbook's text calls the operation by
   * name (`calledLiterally`), or it is the iam:PassRole of the start policy (whoever starts an automation with an
   * assume role must be allowed to pass it: Systems Manager User Guide, "Configure user access to Automation").
   */
  completed: number;
}

/** The kind of one needed action: decided from its name and from what the runbook's own text says. */
function kindOf(action: string, text: string): Kind {
  const lower = action.toLowerCase();
  if (lower === 'iam:passrole') return 'passrole';
  if (KMS_FOLLOW_ONS.has(lower)) return 'kms-follow-on';
  if (CLOUDWATCH_OUTPUT.has(lower)) return 'cloudwatch-output';
  const startsChild = /aws:executeautomation|start_automation_execution|startautomationexecution/.test(text);
  // Listed for every AWS-owned runbook (the role that starts and follows the execution), not for any step.
  if (!startsChild && (lower === 'ssm:startautomationexecution' || lower === 'ssm:getautomationexecution'))
    return 'automation-runtime';
  const operation = action.slice(action.indexOf(':') + 1);
  const inText = text.includes(operation.toLowerCase()) || text.includes(snakeCaseOf(operation));
  if (inText) return 'other';
  if (/aws:(createstack|updatestack)/.test(text) && /templatebody/.test(text)) return 'create-stack';
  if (startsChild && !lower.startsWith('ssm:')) return 'nested-runbook';
  return 'service-performed';
}

function emptyTally(): Tally {
  return { expected: 0, found: 0, predicted: 0, correct: 0, completed: 0 };
}

/**
 * Whether the runbook's text calls the action's operation by name: `Api: Operation` of an aws:executeAwsApi, assert
 * or wait step, or `.operation_name(` or `get_paginator('operation_name')` of a boto3 client in a script. Such an
 * action is needed whatever a documentation page lists; the report counts these apart ("completed"), not as correct.
 */
function calledLiterally(action: string, text: string): boolean {
  const operation = action.slice(action.indexOf(':') + 1);
  const escaped = operation.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (escaped === '') return false;
  const snake = snakeCaseOf(operation);
  return (
    new RegExp(`"?api"?\\s*:\\s*["']?${escaped}\\b`).test(text) ||
    text.includes(`.${snake}(`) ||
    new RegExp(`get_paginator\\(\\s*['"]${snake}['"]`).test(text)
  );
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '    -' : `${((100 * part) / whole).toFixed(1).padStart(5)}`;
}

interface PermissionsJson {
  actions: string[];
  steps: { needs: { action: string; confidence: string }[] }[];
}

interface PolicyJson {
  Statement: { Action: string | string[] }[];
}

/** Runs the CLI in-process; its stdout, or the error it gave. */
async function run(args: string[]): Promise<{ out: string } | { error: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd: process.cwd(),
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    stdoutIsTty: false,
    stderrIsTty: false,
    noColor: true,
  };
  const code = await main(['node', 'runbook-iam', ...args], io);
  if (code !== 0) return { error: err.trim() || `exit code ${code}` };
  return { out };
}

async function permissionsOf(path: string, exclude: string[]): Promise<PermissionsJson | string> {
  const excludeArgs = exclude.length > 0 ? ['--exclude', ...exclude] : [];
  const result = await run(['permissions', path, '--format', 'json', ...excludeArgs]);
  return 'error' in result ? result.error : (JSON.parse(result.out) as PermissionsJson);
}

/** The actions of the start policy: what the person who starts the automation needs. */
async function startPolicyActionsOf(path: string): Promise<string[] | string> {
  const result = await run(['policy', path, '--kind', 'passrole', '--format', 'json', '--allow-incomplete']);
  if ('error' in result) return result.error;
  const policy = JSON.parse(result.out) as PolicyJson;
  return policy.Statement.flatMap((statement) => [statement.Action].flat());
}

interface Options {
  json: boolean;
  misses: boolean;
  exclude: string[];
  withoutConditional: boolean;
  roleOnly: boolean;
  corrections: Record<string, string>;
}

async function evaluate(directory: string, expectedPath: string, options: Options) {
  const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as Record<string, string[]>;
  const files = new Map(
    readdirSync(directory)
      .filter((name) => /\.(ya?ml|json)$/i.test(name))
      .map((name) => [basename(name, extname(name)), join(directory, name)]),
  );
  const tallies = new Map<Kind, Tally>(KINDS.map((kind) => [kind, emptyTally()]));
  const overall = emptyTally();
  const missed: Record<string, string[]> = {};
  const extra: Record<string, string[]> = {};
  const failures: string[] = [];
  let analysed = 0;
  let corrected = 0;
  const correct = (action: string): string => {
    const correction = options.corrections[action];
    if (correction === undefined) return action;
    corrected++;
    return correction;
  };
  for (const [document, actions] of Object.entries(expected).sort(([a], [b]) => a.localeCompare(b))) {
    const file = files.get(document);
    if (!file) {
      failures.push(`${document}: no runbook file in ${directory}`);
      continue;
    }
    const result = await permissionsOf(relative(process.cwd(), resolve(file)), options.exclude);
    if (typeof result === 'string') {
      failures.push(`${document}: ${result}`);
      continue;
    }
    const start = options.roleOnly ? [] : await startPolicyActionsOf(relative(process.cwd(), resolve(file)));
    if (typeof start === 'string') {
      failures.push(`${document}: ${start}`);
      continue;
    }
    analysed++;
    const text = readFileSync(file, 'utf8').toLowerCase();
    const want = new Map(
      actions
        .map(correct)
        .filter(iamActionExists)
        .map((action) => [action.toLowerCase(), action]),
    );
    const predicted = options.withoutConditional
      ? result.steps.flatMap((step) =>
          step.needs.filter((need) => need.confidence !== 'conditional').map((need) => need.action),
        )
      : result.actions;
    const fromRole = new Set(predicted.map((action) => action.toLowerCase()));
    // What only the start policy grants is the caller's, like the documentation's StartAutomationExecution.
    const kindOfPredicted = (action: string): Kind =>
      fromRole.has(action.toLowerCase()) ? kindOf(action, text) : 'automation-runtime';
    const got = new Map(
      [...predicted, ...start].filter(iamActionExists).map((action) => [action.toLowerCase(), action]),
    );
    for (const [key, action] of want) {
      const tally = tallies.get(kindOf(action, text))!;
      tally.expected++;
      overall.expected++;
      if (got.has(key)) {
        tally.found++;
        overall.found++;
      } else (missed[document] ??= []).push(action);
    }
    for (const [key, action] of got) {
      const tally = tallies.get(kindOfPredicted(action))!;
      tally.predicted++;
      overall.predicted++;
      if (want.has(key)) {
        tally.correct++;
        overall.correct++;
      } else {
        const rule = calledLiterally(action, text)
          ? '(called)'
          : key === 'iam:passrole' && !fromRole.has(key)
            ? '(starter)'
            : '';
        (extra[document] ??= []).push(`${action}${rule}`);
        if (rule) {
          tally.completed++;
          overall.completed++;
        }
      }
    }
  }
  if (options.json) {
    const row = (tally: Tally) => ({
      ...tally,
      recall: tally.expected ? tally.found / tally.expected : null,
      precision: tally.predicted ? tally.correct / tally.predicted : null,
      precisionCompleted: tally.predicted ? (tally.correct + tally.completed) / tally.predicted : null,
    });
    const report = {
      runbooks: analysed,
      corrected,
      overall: row(overall),
      kinds: Object.fromEntries([...tallies].map(([kind, tally]) => [kind, row(tally)])),
      failures,
      ...(options.misses ? { missed, extra } : {}),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const lines = [
    `Runbooks analysed: ${analysed} (${failures.length} not analysed); expected names corrected: ${corrected}`,
    `Predicted: ${options.roleOnly ? 'the permissions actions' : 'the permissions actions and the start policy'}`,
    '',
  ];
  lines.push(
    'KIND                 EXPECTED  FOUND  RECALL %  PREDICTED  CORRECT  PRECISION %  COMPLETED  PRECISION COMPLETED %',
  );
  const line = (name: string, tally: Tally) =>
    `${name.padEnd(20)} ${String(tally.expected).padStart(8)} ${String(tally.found).padStart(6)}    ${percent(tally.found, tally.expected)} ${String(tally.predicted).padStart(10)} ${String(tally.correct).padStart(8)}        ${percent(tally.correct, tally.predicted)} ${String(tally.completed).padStart(10)}                 ${percent(tally.correct + tally.completed, tally.predicted)}`;
  for (const [kind, tally] of tallies) lines.push(line(kind, tally));
  lines.push(line('overall', overall));
  const runtime = tallies.get('automation-runtime')!;
  lines.push(
    line('overall w/o runtime', {
      expected: overall.expected - runtime.expected,
      found: overall.found - runtime.found,
      predicted: overall.predicted - runtime.predicted,
      correct: overall.correct - runtime.correct,
      completed: overall.completed - runtime.completed,
    }),
  );
  for (const failure of failures) lines.push(`not analysed: ${failure}`);
  if (options.misses) {
    lines.push('', 'Missed (expected, not found):');
    for (const [document, actions] of Object.entries(missed)) lines.push(`  ${document}: ${actions.join(' ')}`);
    lines.push('', 'Extra (found, not expected):');
    for (const [document, actions] of Object.entries(extra)) lines.push(`  ${document}: ${actions.join(' ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const args = process.argv.slice(2);
const positional = args.filter((arg) => !arg.startsWith('--'));
if (positional.length !== 2) {
  process.stderr.write('usage: evaluateNeeds <runbook-directory> <expected.json> [--json] [--misses]\n');
  process.exit(2);
}
const valueOf = (name: string): string =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';
const exclude = valueOf('exclude');
const correctionsPath = valueOf('corrections');
const corrections = correctionsPath
  ? (Object.fromEntries(
      Object.entries(JSON.parse(readFileSync(correctionsPath, 'utf8')) as Record<string, string>).filter(
        ([name]) => !name.startsWith('_'),
      ),
    ) as Record<string, string>)
  : {};
for (const [name, action] of Object.entries(corrections)) {
  if (!iamActionExists(action)) {
    process.stderr.write(`${correctionsPath}: ${name} is corrected to ${action}, which is not an IAM action\n`);
    process.exit(2);
  }
}
await evaluate(positional[0]!, positional[1]!, {
  json: args.includes('--json'),
  misses: args.includes('--misses'),
  exclude: exclude === '' ? [] : exclude.split(','),
  withoutConditional: args.includes('--without-conditional'),
  roleOnly: args.includes('--role-only'),
  corrections,
});
