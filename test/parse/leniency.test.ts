import { describe, expect, it } from 'vitest';
import { valueOf } from '../../src/parse/documentNode.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { lines, mapAt, nodeAt, parseFail, parseOk, scalarAt, seqAt, span } from '../helpers/parsed.js';

/** A flow mapping indented less than its key: YAML 1.2 (the yaml package) rejects it, PyYAML and js-yaml read it. */
const SHALLOW_FLOW_MAP = lines(
  "schemaVersion: '0.3'",
  'mainSteps:',
  '  - name: Configure',
  '    action: aws:executeAwsApi',
  '    inputs:',
  '      Payload: {',
  '      "Retries": 3,',
  '      "Force": true',
  '      }',
  '      Service: ssm',
  '  - name: Finish',
  '    action: aws:sleep',
  '    inputs: {Duration: PT1S}',
);

/** A single-quoted scalar continued at column 1 (a query written in the quotes): PyYAML reads it, YAML 1.2 does not. */
const QUOTE_AT_COLUMN_ONE = lines(
  "schemaVersion: '0.3'",
  'mainSteps:',
  '  - name: Query',
  '    action: aws:executeAwsApi',
  '    inputs:',
  '      Service: athena',
  '      Api: StartQueryExecution',
  "      QueryString: 'SELECT *",
  'FROM logs',
  "WHERE x = 1'",
  '  - name: Done',
  '    action: aws:sleep',
  '    inputs: {Duration: PT1S}',
);

describe('parseDocument: YAML that only YAML 1.1 parsers accept', () => {
  it('reads a flow mapping indented less than its key, with a note where the YAML 1.2 parser stopped', () => {
    const document = parseOk('flow.yaml', SHALLOW_FLOW_MAP);
    expect(valueOf(nodeAt(document.root, 'mainSteps', 0, 'inputs', 'Payload'))).toEqual({ Retries: 3, Force: true });
    expect(document.diagnostics).toHaveLength(1);
    expect(document.diagnostics?.[0]).toMatchObject({
      ruleId: 'yaml-compatibility',
      message:
        'Not valid YAML 1.2: a flow collection ({ } or [ ]) continues on lines not indented past its key; read as YAML 1.1 parsers such as PyYAML read it.',
      // Where the YAML 1.2 parser stopped: the first line of the mapping that is not indented past its key.
      range: { startLine: 7 },
    });
  });

  it('keeps every position in the fallback path: keys, values, steps after the lenient construct', () => {
    const { root } = parseOk('flow.yaml', SHALLOW_FLOW_MAP);
    const second = mapAt(root, 'mainSteps', 1);
    expect(span(second.range)).toEqual([11, 5, 13, 29]);
    expect(span(second.entries[0]?.keyRange)).toEqual([11, 5, 11, 9]);
    expect(span(scalarAt(second, 'name').range)).toEqual([11, 11, 11, 17]);
    expect(span(scalarAt(root, 'mainSteps', 0, 'inputs', 'Service').range)).toEqual([10, 16, 10, 19]);
    expect(span(scalarAt(root, 'mainSteps', 0, 'inputs', 'Payload', 'Force').range)).toEqual([8, 16, 8, 20]);
    expect(span(seqAt(root, 'mainSteps').range)?.slice(0, 2)).toEqual([3, 3]);
    expect(scalarAt(root, 'schemaVersion')).toMatchObject({ value: '0.3', style: 'single' });
    expect(scalarAt(second, 'inputs', 'Duration').value).toBe('PT1S');
  });

  it('reads a multi-line single-quoted scalar continued at column 1, folding its lines as YAML does', () => {
    const { root, diagnostics } = parseOk('quote.yaml', QUOTE_AT_COLUMN_ONE);
    expect(scalarAt(root, 'mainSteps', 0, 'inputs', 'QueryString')).toMatchObject({
      value: 'SELECT * FROM logs WHERE x = 1',
      style: 'single',
    });
    expect(span(scalarAt(root, 'mainSteps', 1, 'name').range)).toEqual([11, 11, 11, 15]);
    expect(
      diagnostics?.map((diagnostic) => [diagnostic.ruleId, diagnostic.message, diagnostic.range.startLine]),
    ).toEqual([
      [
        'yaml-compatibility',
        'Not valid YAML 1.2: a quoted scalar continues on lines not indented past its key; read as YAML 1.1 parsers such as PyYAML read it.',
        8,
      ],
    ]);
  });

  it('keeps CloudFormation tags, block scalar styles and aliases in the fallback path', () => {
    const { root } = parseOk(
      'tags.yaml',
      lines(
        'Resources:',
        '  Doc:',
        '    Properties:',
        '      Name: !Sub "${AWS::StackName}-doc"',
        '      Role: !GetAtt [Role, Arn]',
        '      Shared: &shared {a: 1}',
        '      Again: *shared',
        '      Script: |',
        '        print(1)',
        '        print(2)',
        '      Broken: {',
        '      "x": 1}',
      ),
    );
    expect(scalarAt(root, 'Resources', 'Doc', 'Properties', 'Name')).toMatchObject({
      tag: '!Sub',
      value: '${AWS::StackName}-doc',
      style: 'double',
    });
    expect(span(scalarAt(root, 'Resources', 'Doc', 'Properties', 'Name').range)?.slice(0, 2)).toEqual([4, 18]);
    expect(valueOf(nodeAt(root, 'Resources', 'Doc', 'Properties', 'Role'))).toEqual({ '!GetAtt': ['Role', 'Arn'] });
    const again = mapAt(root, 'Resources', 'Doc', 'Properties', 'Again');
    expect(valueOf(again)).toEqual({ a: 1 });
    expect(span(again.range)).toEqual([7, 14, 7, 21]);
    const script = scalarAt(root, 'Resources', 'Doc', 'Properties', 'Script');
    expect(script).toMatchObject({ value: 'print(1)\nprint(2)\n', style: 'literal' });
    // A block scalar's range ends at the start of the line after it, as the primary parser's does.
    expect(span(script.range)).toEqual([8, 15, 11, 1]);
  });

  it('reads a flow mapping key without a value as null in the fallback path, as the primary parser does', () => {
    const { root } = parseOk('keys.yaml', lines('a: {x, y: 1}', 'b: {', '"z": 2}'));
    expect(valueOf(root)).toEqual({ a: { x: null, y: 1 }, b: { z: 2 } });
    expect(span(scalarAt(root, 'a', 'y').range)).toEqual([1, 11, 1, 12]);
  });

  it('still rejects what js-yaml rejects too, with the YAML 1.2 parser message and position', () => {
    const error = parseFail('bad.yaml', lines('a: [1, 2', 'b: 3'));
    expect(error.message).toMatch(/^Invalid YAML: Flow sequence/);
    expect(error.range?.startLine).toBe(2);
    expect(error.template).toBeUndefined();
  });

  it('stops an alias bomb in the fallback path as in the primary one', () => {
    const bomb = lines(
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'f: {',
      '"lenient": 1}',
    );
    const error = parseFail('bomb.yaml', bomb, 'yaml', { maxDepth: 200, maxAliasNodes: 1_000 });
    expect(error.message).toMatch(/alias bomb/);
  });

  it('reads nothing leniently in strict mode', () => {
    const result = parseDocument('config.yaml', SHALLOW_FLOW_MAP, 'yaml', undefined, { strict: true });
    expect(result.ok).toBe(false);
  });
});

describe('parseDocument: build templates', () => {
  const TEMPLATE = lines(
    "schemaVersion: '0.3'",
    'mainSteps:',
    '  - name: Delete',
    '    action: aws:executeAwsApi',
    '    isEnd: ${ TopicArn == "" ? "true" : "false" }',
    '    inputs: {Service: rds, Api: DeleteDBInstance}',
    '%{ if TopicArn != "" ~}',
    '  - name: Notify',
    '    action: aws:executeAwsApi',
    "    inputs: {Service: sns, Api: Publish, TopicArn: '${TopicArn}'}",
    '%{ else ~}',
    '  - name: Quiet',
    '    action: aws:sleep',
    '    inputs: {Duration: PT1S}',
    '%{ endif ~}',
  );

  it('reads a Terraform templatefile() source with its directives blanked: every branch, at its own lines', () => {
    const document = parseOk('notify.yaml', TEMPLATE);
    const steps = seqAt(document.root, 'mainSteps');
    expect(steps.items.map((step) => valueOf(nodeAt(step, 'name')))).toEqual(['Delete', 'Notify', 'Quiet']);
    expect(span(scalarAt(steps, 1, 'name').range)).toEqual([8, 11, 8, 17]);
    expect(span(scalarAt(steps, 2, 'name').range)).toEqual([12, 11, 12, 16]);
    // The expression is an opaque value of the same length; `${name}` stays as written.
    expect(scalarAt(steps, 0, 'isEnd').value).toBe(`\${${'_'.repeat(35)}}`);
    expect(scalarAt(steps, 1, 'inputs', 'TopicArn').value).toBe('${TopicArn}');
    // The document keeps the original text (for suppressions and line display), not the blanked one.
    expect(document.source.text).toBe(TEMPLATE);
    expect(document.diagnostics).toEqual([
      {
        ruleId: 'yaml-compatibility',
        message:
          'A Terraform templatefile() template, not a document (${ TopicArn == "" ? "true" : "false" } at line 5): analysed with its directives blanked, so every branch counts.',
        range: { file: 'notify.yaml', startLine: 5, startColumn: 12, endLine: 5, endColumn: 50 },
        template: true,
      },
    ]);
  });

  it('recognises Jinja statement lines', () => {
    const document = parseOk(
      'jinja.yaml',
      lines(
        "schemaVersion: '0.3'",
        'mainSteps:',
        '{% for n in names %}',
        '  - name: Step',
        '    action: aws:sleep',
        '{% endfor %}',
      ),
    );
    expect(document.diagnostics?.[0]?.message).toMatch(
      /^A Jinja template, not a document \(\{% for n in names %\} at line 3\)/,
    );
    expect(span(scalarAt(document.root, 'mainSteps', 0, 'name').range)).toEqual([4, 11, 4, 15]);
  });

  it('marks a template that is not YAML even without its directives, so that it is skipped rather than an error', () => {
    const error = parseFail('broken.yaml', lines('a: 1', '%{ if x ~}', 'b: [1, 2', '%{ endif ~}'));
    expect(error.template).toBe(true);
    expect(error.message).toMatch(/^a Terraform templatefile\(\) template \(%\{ if x ~\} at line 2\) that is not YAML/);
    expect(error.range?.startLine).toBe(2);
  });

  it('leaves a valid document with template-like text alone (a PowerShell %{ } in a script)', () => {
    const document = parseOk('ps.yaml', lines('a: |', '  Get-Process | %{ if ($_.CPU) { $_ } }'));
    expect(document.diagnostics).toBeUndefined();
    expect(scalarAt(document.root, 'a').value).toBe('Get-Process | %{ if ($_.CPU) { $_ } }\n');
  });
});

describe('parseDocument: duplicate keys', () => {
  it('keeps the last value at the place of the first, and reports both definitions', () => {
    const document = parseOk('dup.yaml', lines('a:', '  b: 1', '  c: 2', '  b: 3'));
    const a = mapAt(document.root, 'a');
    expect(a.entries.map((entry) => [entry.key, valueOf(entry.value)])).toEqual([
      ['b', 3],
      ['c', 2],
    ]);
    expect(document.diagnostics).toEqual([
      {
        ruleId: 'duplicate-key',
        message: 'Key "b" is defined again at line 4, which replaces this value. Remove one of the two.',
        range: { file: 'dup.yaml', startLine: 2, startColumn: 3, endLine: 2, endColumn: 4 },
      },
      {
        ruleId: 'duplicate-key',
        message: 'Key "b" is already defined at line 2; this later value replaces it. Remove one of the two.',
        range: { file: 'dup.yaml', startLine: 4, startColumn: 3, endLine: 4, endColumn: 4 },
      },
    ]);
  });

  it('does the same in JSON, where JSON.parse also keeps the last value', () => {
    const document = parseOk('dup.json', '{"a": 1, "a": 2}');
    expect(valueOf(document.root)).toEqual({ a: 2 });
    expect(document.diagnostics?.map((diagnostic) => span(diagnostic.range))).toEqual([
      [1, 2, 1, 5],
      [1, 10, 1, 13],
    ]);
  });

  it('does the same in the fallback path', () => {
    const document = parseOk('dup.yaml', lines('a: 1', 'b: {', '"x": 1}', 'a: 2'));
    expect(valueOf(document.root)).toEqual({ a: 2, b: { x: 1 } });
    expect(document.diagnostics?.map((diagnostic) => [diagnostic.ruleId, diagnostic.range.startLine])).toEqual([
      ['yaml-compatibility', 3],
      ['duplicate-key', 1],
      ['duplicate-key', 4],
    ]);
  });

  it('reports a duplicate inside an anchored map once, not again at each alias', () => {
    const document = parseOk('alias.yaml', lines('a: &x {k: 1, k: 2}', 'b: *x', 'c: *x'));
    expect(valueOf(document.root)).toEqual({ a: { k: 2 }, b: { k: 2 }, c: { k: 2 } });
    expect(document.diagnostics).toHaveLength(2);
  });
});
