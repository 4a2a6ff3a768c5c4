import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzePython,
  MAX_PASSES,
  MIN_PASSES,
  PASS_TEXT_BUDGET,
  passLimit,
} from '../../../../src/permissions/scripts/python/analyzePython.js';
import { loadPythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { testCatalog } from '../testCatalog.js';

const catalog = testCatalog();

beforeAll(loadPythonParser);

/**
 * A handler that calls a method on a client made `depth` helpers away. Each helper is defined before the one it calls,
 * the order in which every pass learns only one more helper's return value.
 */
function helperChain(depth: number): string {
  const lines = ['import boto3', 'def script_handler(events, context):', '    helper_0().describe_instances()'];
  for (let i = 0; i < depth; i++)
    lines.push(
      `def helper_${i}():`,
      i === depth - 1 ? "    return boto3.client('ec2')" : `    return helper_${i + 1}()`,
    );
  return lines.join('\n');
}

/** The same client returned out through `depth` functions nested in one another. */
function nestedHelpers(depth: number): string {
  const lines = ['import boto3', 'def script_handler(events, context):', '    helper_0().describe_instances()'];
  for (let i = 0; i < depth; i++) lines.push(`${'    '.repeat(i)}def helper_${i}():`);
  lines.push(`${'    '.repeat(depth)}return boto3.client('ec2')`);
  for (let i = depth - 1; i >= 1; i--) lines.push(`${'    '.repeat(i)}return helper_${i}()`);
  return lines.join('\n');
}

const operations = (source: string) =>
  analyzePython(source, { catalog, handler: 'script_handler' }).calls.map((c) => `${c.service}:${c.operation}`);

describe('analyzePython: passes until nothing changes', () => {
  it('finds a client returned through 12 helpers', () => {
    const result = analyzePython(helperChain(12), { catalog, handler: 'script_handler' });
    expect(result.calls.map((c) => [c.operation, c.line, c.reachableFromHandler])).toEqual([
      ['DescribeInstances', 3, true],
    ]);
    expect(result.incomplete).toBeUndefined();
  });

  it('finds a client returned through 40 nested helpers', () => {
    const result = analyzePython(nestedHelpers(40), { catalog, handler: 'script_handler' });
    expect(result.calls.map((c) => c.operation)).toEqual(['DescribeInstances']);
    expect(result.functions).toHaveLength(41);
    expect(result.functions.at(-1)).toBe(Array.from({ length: 40 }, (_, i) => `helper_${i}`).join('.'));
    expect(result.incomplete).toBeUndefined();
  });

  it('finds a chain as long as the pass bound allows', () => {
    expect(operations(helperChain(MAX_PASSES - 1))).toEqual(['ec2:DescribeInstances']);
  });

  it('says that it stopped when a chain is longer than the pass bound', () => {
    const result = analyzePython(helperChain(MAX_PASSES + 20), { catalog, handler: 'script_handler' });
    expect(result.calls).toEqual([]);
    expect(result.incomplete).toBe(
      `the analysis stopped after ${MAX_PASSES} passes before following every value through the script`,
    );
  });

  it('learns in one pass what a script defines in the order it calls it', () => {
    const lines = ['import boto3', 'def helper_39():', "    return boto3.client('ec2')"];
    for (let i = 38; i >= 0; i--) lines.push(`def helper_${i}():`, `    return helper_${i + 1}()`);
    lines.push('def script_handler(events, context):', '    helper_0().describe_instances()');
    expect(operations(lines.join('\n'))).toEqual(['ec2:DescribeInstances']);
  });

  it('settles on a script that rewrites its globals in every pass', () => {
    const result = analyzePython(
      [
        'import boto3',
        'client = None',
        "client = boto3.client('ec2')",
        'def script_handler(events, context):',
        '    global client',
        '    client = client or boto3.client("ec2")',
        '    client.describe_vpcs()',
      ].join('\n'),
      { catalog, handler: 'script_handler' },
    );
    expect(result.calls.map((c) => c.operation)).toEqual(['DescribeVpcs']);
    expect(result.incomplete).toBeUndefined();
  });

  it('gives long scripts fewer passes, never fewer than the minimum', () => {
    expect(passLimit(0)).toBe(MAX_PASSES);
    expect(passLimit(10_000)).toBe(MAX_PASSES);
    expect(passLimit(PASS_TEXT_BUDGET / 20)).toBe(20);
    expect(passLimit(PASS_TEXT_BUDGET)).toBe(MIN_PASSES);
    expect(passLimit(4 * PASS_TEXT_BUDGET)).toBe(MIN_PASSES);
  });

  it('bounds the passes of a long script by its length and says so', () => {
    // Padding makes the script long enough for 20 passes; a chain of 30 helpers needs 30.
    const padding = '#'.repeat(PASS_TEXT_BUDGET / 20 - helperChain(30).length - 1);
    const result = analyzePython(`${helperChain(30)}\n${padding}`, { catalog, handler: 'script_handler' });
    expect(result.calls).toEqual([]);
    expect(result.incomplete).toBe(
      'the analysis stopped after 20 passes before following every value through the script',
    );
  });
});
