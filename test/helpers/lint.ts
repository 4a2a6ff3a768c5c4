import { rules } from '../../rules/index.js';
import type { BaselineFile } from '../../src/engine/baseline.js';
import { defaultConfig } from '../../src/engine/config.js';
import type { Config } from '../../src/engine/config.js';
import type { Finding } from '../../src/engine/finding.js';
import { lintFiles } from '../../src/engine/lintFiles.js';
import type { LintRun } from '../../src/engine/lintFiles.js';

/**
 * The structural rules the engine tests run: real rules from the registry, but only those about the document itself,
 * so that the IAM rules added over time do not change what engine tests expect.
 */
export const CORE_RULE_IDS = [
  'invalid-runbook',
  'parse-error',
  'undefined-reference',
  'unknown-step-target',
  'unreachable-step',
];
export const coreRules = rules.filter((rule) => CORE_RULE_IDS.includes(rule.meta.id));

/** A .runbook-iam.yaml that turns off every registered rule except the core ones, for tests through the CLI. */
export function coreOnlyConfig(): string {
  const off = rules.filter((rule) => !CORE_RULE_IDS.includes(rule.meta.id)).map((rule) => `  ${rule.meta.id}: off`);
  return off.length === 0 ? 'rules: {}\n' : `rules:\n${off.join('\n')}\n`;
}

/** Runs the engine with the core rules, the default config of `cwd` plus `config`, on `paths`. */
export function lint(
  paths: string[],
  cwd: string,
  config: Partial<Config> = {},
  baseline?: BaselineFile,
): Promise<LintRun> {
  return lintFiles({
    paths,
    cwd,
    config: { ...defaultConfig(cwd), ...config },
    rules: coreRules,
    ...(baseline ? { baseline } : {}),
  });
}

/** [ruleId, severity, startLine, startColumn] of each finding: what most engine tests compare. */
export function brief(findings: Finding[]): [string, string, number, number][] {
  return findings.map((finding) => [
    finding.ruleId,
    finding.severity,
    finding.range.startLine,
    finding.range.startColumn,
  ]);
}

/** A small valid runbook with no findings. */
export const GOOD_RUNBOOK = [
  "schemaVersion: '0.3'",
  "assumeRole: '{{ AutomationAssumeRole }}'",
  'parameters:',
  '  AutomationAssumeRole:',
  '    type: String',
  "    default: ''",
  '  InstanceId:',
  '    type: String',
  'mainSteps:',
  '  - name: Describe',
  '    action: aws:executeAwsApi',
  '    inputs:',
  '      Service: ec2',
  '      Api: DescribeInstances',
  "      InstanceIds: ['{{ InstanceId }}']",
  '',
].join('\n');

/**
 * A runbook with three findings: undefined-reference at 11:22 ({{ InstanceID }}, a typo) and at 11:42
 * ({{ Nope }}), and unreachable-step at 12:11 (Second, after an isEnd step).
 */
export const BAD_RUNBOOK = [
  "schemaVersion: '0.3'", //                                          1
  'parameters:', //                                                   2
  '  InstanceId: {type: String}', //                                  3
  'mainSteps:', //                                                    4
  '  - name: First', //                                               5
  '    action: aws:executeAwsApi', //                                 6
  '    isEnd: true', //                                               7
  '    inputs:', //                                                   8
  '      Service: ec2', //                                            9
  '      Api: DescribeInstances', //                                  10
  "      InstanceIds: ['{{ InstanceID }}', '{{ Nope }}']", //         11
  '  - name: Second', //                                              12
  '    action: aws:sleep', //                                         13
  '    inputs: {Duration: PT1S}', //                                  14
  '',
].join('\n');
