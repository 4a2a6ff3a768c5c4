import { describe, expect, it } from 'vitest';
import { valueOf, walkNodes } from '../../src/parse/documentNode.js';
import type { DocNode } from '../../src/parse/documentNode.js';
import { DEFAULT_PARSE_LIMITS, formatForPath, parseDocument } from '../../src/parse/parseDocument.js';
import { lines, mapAt, nodeAt, parseFail, parseOk, scalarAt, seqAt, span } from '../helpers/parsed.js';

/** Every range in a tree, keys included, in document order: to compare two parses position by position. */
function allSpans(root: DocNode): unknown[] {
  const spans: unknown[] = [];
  for (const node of walkNodes(root)) {
    spans.push(span(node.range));
    if (node.kind === 'map') for (const entry of node.entries) spans.push([entry.key, span(entry.keyRange)]);
  }
  return spans;
}

describe('parseDocument: YAML block style', () => {
  const text = lines(
    "schemaVersion: '0.3'", //      line 1
    'mainSteps:', //                line 2
    '  - name: First', //           line 3
    '    action: aws:sleep', //     line 4
    '    maxAttempts: 3', //        line 5
  );
  const root = parseOk('block.yaml', text).root;

  it('gives map keys 1-based ranges that end after the last character', () => {
    const entry = mapAt(root).entries[0];
    expect(entry?.key).toBe('schemaVersion');
    expect(span(entry?.keyRange)).toEqual([1, 1, 1, 14]);
    expect(entry?.keyRange.file).toBe('block.yaml');
  });

  it('gives quoted scalars their quotes in the range, the style and the unquoted value', () => {
    const version = scalarAt(root, 'schemaVersion');
    expect(version.value).toBe('0.3');
    expect(version.style).toBe('single');
    expect(span(version.range)).toEqual([1, 16, 1, 21]);
  });

  it('gives sequences, their items and nested keys their positions', () => {
    const steps = seqAt(root, 'mainSteps');
    expect(steps.range.startLine).toBe(3);
    expect(steps.range.startColumn).toBe(3); // the first "-"
    const step = mapAt(root, 'mainSteps', 0);
    expect([step.range.startLine, step.range.startColumn]).toEqual([3, 5]);
    expect(span(step.entries[0]?.keyRange)).toEqual([3, 5, 3, 9]);
    expect(span(scalarAt(step, 'name').range)).toEqual([3, 11, 3, 16]);
    expect(span(scalarAt(step, 'action').range)).toEqual([4, 13, 4, 22]);
    expect(scalarAt(step, 'action').value).toBe('aws:sleep');
    expect(scalarAt(step, 'maxAttempts').value).toBe(3);
  });

  it('keeps character offsets that slice back to the source text', () => {
    const action = scalarAt(root, 'mainSteps', 0, 'action');
    expect(text.slice(action.offset[0], action.offset[1])).toBe('aws:sleep');
  });
});

describe('parseDocument: YAML flow style', () => {
  //            col: 1234567890123456789012345678
  const text = 'a: {b: [1, "two", {c: d}]}\n';
  const root = parseOk('flow.yaml', text).root;

  it('gives flow maps and sequences ranges from the opening to after the closing bracket', () => {
    expect(span(mapAt(root, 'a').range)).toEqual([1, 4, 1, 27]);
    expect(span(seqAt(root, 'a', 'b').range)).toEqual([1, 8, 1, 26]);
  });

  it('gives flow items their own ranges, values and styles', () => {
    const one = scalarAt(root, 'a', 'b', 0);
    expect(one.value).toBe(1);
    expect(span(one.range)).toEqual([1, 9, 1, 10]);
    const two = scalarAt(root, 'a', 'b', 1);
    expect([two.value, two.style]).toEqual(['two', 'double']);
    expect(span(two.range)).toEqual([1, 12, 1, 17]);
    const inner = mapAt(root, 'a', 'b', 2);
    expect(span(inner.range)).toEqual([1, 19, 1, 25]);
    expect(span(inner.entries[0]?.keyRange)).toEqual([1, 20, 1, 21]);
    expect(span(scalarAt(inner, 'c').range)).toEqual([1, 23, 1, 24]);
  });
});

describe('parseDocument: JSON', () => {
  const text = lines(
    '{', //                                           line 1
    '  "schemaVersion": "0.3",', //                   line 2
    '  "mainSteps": [', //                            line 3
    '    { "name": "A", "action": "aws:sleep" }', //  line 4
    '  ]', //                                         line 5
    '}', //                                           line 6
  );
  const document = parseOk('runbook.json', text);

  it('is recognised as JSON by its extension and keeps every position', () => {
    expect(document.format).toBe('json');
    const root = document.root;
    expect(span(root.range)).toEqual([1, 1, 6, 2]);
    const key = mapAt(root).entries[0];
    expect(key?.key).toBe('schemaVersion');
    expect(span(key?.keyRange)).toEqual([2, 3, 2, 18]); // the quotes are part of the key
    expect(span(scalarAt(root, 'schemaVersion').range)).toEqual([2, 20, 2, 25]);
    expect(scalarAt(root, 'schemaVersion').style).toBe('double');
    expect(span(seqAt(root, 'mainSteps').range)).toEqual([3, 16, 5, 4]);
    expect(span(mapAt(root, 'mainSteps', 0).range)).toEqual([4, 5, 4, 43]);
    expect(span(scalarAt(root, 'mainSteps', 0, 'name').range)).toEqual([4, 15, 4, 18]);
    expect(span(scalarAt(root, 'mainSteps', 0, 'action').range)).toEqual([4, 30, 4, 41]);
  });

  it('accepts JSON that YAML finds awkward: tabs, long keys, \\/ escapes', () => {
    expect(valueOf(parseOk('tabs.json', '{\n\t"a":\t1,\n\t"b": [\n\t\t2\n\t]\n}').root)).toEqual({ a: 1, b: [2] });
    const longKey = 'k'.repeat(1100);
    expect(Object.keys(valueOf(parseOk('long.json', `{"${longKey}": 1}`).root) as object)).toEqual([longKey]);
    expect(valueOf(parseOk('escape.json', '{"a": "x\\/y\\u00e9"}').root)).toEqual({ a: 'x/yé' });
  });
});

describe('parseDocument: block scalars', () => {
  const text = lines(
    'a: |', //       line 1
    '  line1', //    line 2
    '  line2', //    line 3
    'b: >-', //      line 4
    '  folded', //   line 5
    '  text', //     line 6
    'c: 1', //       line 7
  );
  const root = parseOk('blocks.yaml', text).root;

  it('keeps literal style, the value with its final newline, and a range from the indicator', () => {
    const literal = scalarAt(root, 'a');
    expect(literal.style).toBe('literal');
    expect(literal.value).toBe('line1\nline2\n');
    expect([literal.range.startLine, literal.range.startColumn]).toEqual([1, 4]);
    // The block runs through line 3 and its line break: the next key starts on line 4.
    expect([literal.range.endLine, literal.range.endColumn]).toEqual([4, 1]);
  });

  it('keeps folded style and folds lines into one', () => {
    const folded = scalarAt(root, 'b');
    expect(folded.style).toBe('folded');
    expect(folded.value).toBe('folded text');
    expect([folded.range.startLine, folded.range.startColumn]).toEqual([4, 4]);
    expect(folded.range.endLine).toBe(7);
    expect(span(mapAt(root).entries[2]?.keyRange)).toEqual([7, 1, 7, 2]);
  });
});

describe('parseDocument: CloudFormation short-form tags', () => {
  const text = lines(
    'A: !Ref MyBucket',
    "B: !Sub 'arn:${AWS::Partition}:s3:::${B}'",
    'C: !Sub',
    "  - 'x-${Name}'",
    '  - Name: !Ref N',
    'D: !GetAtt Role.Arn',
    'E: !If [IsProd, a, b]',
    "F: !Join [',', [a, b]]",
    'G: !GetAtt [Role, Arn]',
  );
  const root = parseOk('template.yaml', text).root;

  it('parses !Ref and scalar !Sub as tagged scalars', () => {
    expect(scalarAt(root, 'A')).toMatchObject({ kind: 'scalar', tag: '!Ref', value: 'MyBucket' });
    expect(scalarAt(root, 'B')).toMatchObject({
      kind: 'scalar',
      tag: '!Sub',
      value: 'arn:${AWS::Partition}:s3:::${B}',
      style: 'single',
    });
    // The range is the value's ("MyBucket", columns 9-16), as the yaml package gives it; the tag comes before it.
    expect(span(scalarAt(root, 'A').range)).toEqual([1, 9, 1, 17]);
  });

  it('parses sequence !Sub, !If, !Join and list !GetAtt as tagged sequences', () => {
    const sub = seqAt(root, 'C');
    expect(sub.tag).toBe('!Sub');
    expect(scalarAt(sub, 0).value).toBe('x-${Name}');
    expect(scalarAt(sub, 1, 'Name')).toMatchObject({ tag: '!Ref', value: 'N' });
    expect(seqAt(root, 'E').tag).toBe('!If');
    expect(seqAt(root, 'F').tag).toBe('!Join');
    expect(seqAt(root, 'G').tag).toBe('!GetAtt');
    expect(scalarAt(root, 'D')).toMatchObject({ tag: '!GetAtt', value: 'Role.Arn' });
  });

  it('turns tags into { "!Tag": value } in plain values', () => {
    const value = valueOf(root) as Record<string, unknown>;
    expect(value.A).toEqual({ '!Ref': 'MyBucket' });
    expect(value.C).toEqual({ '!Sub': ['x-${Name}', { Name: { '!Ref': 'N' } }] });
    expect(value.F).toEqual({ '!Join': [',', ['a', 'b']] });
  });

  it('does not keep the core schema tags (!!str) as CloudFormation tags', () => {
    expect(scalarAt(parseOk('core.yaml', 'a: !!str 3\n').root, 'a')).not.toHaveProperty('tag');
  });
});

describe('parseDocument: encodings and line endings', () => {
  it('skips a byte order mark: columns count from the first real character, and JSON parses', () => {
    const yaml = parseOk('bom.yaml', '\uFEFFa: 1\n').root;
    expect(mapAt(yaml).entries[0]?.key).toBe('a');
    expect(span(mapAt(yaml).entries[0]?.keyRange)).toEqual([1, 1, 1, 2]);
    const json = parseOk('bom.json', '\uFEFF{"a": 1}').root;
    expect(valueOf(json)).toEqual({ a: 1 });
    expect(span(mapAt(json).entries[0]?.keyRange)).toEqual([1, 2, 1, 5]);
  });

  it('gives CRLF files the same lines and columns as LF files', () => {
    const lf = lines(
      "schemaVersion: '0.3'",
      'mainSteps:',
      '  - name: A',
      '    inputs:',
      '      Script: |',
      '        print(1)',
      '        print(2)',
      '      Other: [x, "y"]',
    );
    const crlf = lf.replace(/\n/g, '\r\n');
    const fromLf = parseOk('lf.yaml', lf).root;
    const fromCrlf = parseOk('lf.yaml', crlf).root;
    expect(allSpans(fromCrlf)).toEqual(allSpans(fromLf));
    expect(scalarAt(fromCrlf, 'mainSteps', 0, 'inputs', 'Script').value).toBe('print(1)\nprint(2)\n');
    expect(span(scalarAt(fromCrlf, 'mainSteps', 0, 'inputs', 'Other', 1).range)).toEqual([8, 18, 8, 21]);
  });
});

describe('parseDocument: errors', () => {
  it('rejects a duplicate key in strict mode (the tool configuration), naming both positions', () => {
    const result = parseDocument('dup.yaml', lines('a:', '  b: 1', '  c: 2', '  b: 3'), 'yaml', DEFAULT_PARSE_LIMITS, {
      strict: true,
    });
    if (result.ok) expect.fail('expected a strict parse to reject the duplicate key');
    expect(result.error.message).toBe(
      'Duplicate key "b" at line 4, column 3; it is first defined at line 2, column 3. Remove one of them.',
    );
    expect(span(result.error.range)).toEqual([4, 3, 4, 3]);
    expect(result.error.file).toBe('dup.yaml');
  });

  it('rejects several YAML documents, pointing at the second', () => {
    const error = parseFail('multi.yaml', lines('a: 1', '---', 'b: 2', '---', 'c: 3'));
    expect(error.message).toBe(
      'multi.yaml holds 3 YAML documents; a runbook is one document — split it into one file per document.',
    );
    expect(span(error.range)).toEqual([2, 1, 2, 1]);
  });

  it('accepts one document with start and end markers', () => {
    expect(valueOf(parseOk('markers.yaml', lines('---', 'a: 1', '...')).root)).toEqual({ a: 1 });
  });

  it('reports invalid YAML with a message and a position', () => {
    const tabs = parseFail('tabs.yaml', lines('a:', '\tb: 1'));
    expect(tabs.message).toBe('Invalid YAML: Tabs are not allowed as indentation.');
    expect(tabs.range?.startLine).toBe(2);
    expect(tabs.range?.startColumn).toBe(1);
    const unclosed = parseFail('unclosed.yaml', lines('a: [1, 2', 'b: 3'));
    expect(unclosed.message).toMatch(/^Invalid YAML: Flow sequence .*\]\.$/);
    expect(unclosed.range?.startLine).toBe(2);
    const quote = parseFail('quote.yaml', lines('a: 1', 'b: "never closed'));
    expect(quote.message).toMatch(/^Invalid YAML: Missing closing "quote/);
    // The yaml package reports the missing quote where the input runs out: the start of (empty) line 3.
    expect(span(quote.range)).toEqual([3, 1, 3, 1]);
  });

  it('reports a trailing comma in JSON at the character after it', () => {
    const error = parseFail('comma.json', '{"a": 1,}');
    expect(error.message).toMatch(/^Invalid JSON: Expected double-quoted property name\.$/);
    expect(span(error.range)).toEqual([1, 9, 1, 9]); // the "}"
  });

  it('reports an unquoted JSON key at the key', () => {
    const error = parseFail('unquoted.json', '{a: 1}');
    expect(error.message).toMatch(/^Invalid JSON: Expected property name or '}'\.$/);
    expect(span(error.range)).toEqual([1, 2, 1, 2]);
  });

  it('reports truncated JSON at its end, in JSON terms rather than YAML terms', () => {
    const error = parseFail('truncated.json', lines('{', '  "a": {', '    "b": 1'));
    expect(error.message).toMatch(/^Invalid JSON: Expected ',' or '}' after property value\.$/);
    expect(error.message).not.toMatch(/flow|block|indent/i);
    expect(span(error.range)).toEqual([4, 1, 4, 1]);
    const string = parseFail('string.json', '{"a": "unterminated');
    expect(string.message).toBe('Invalid JSON: Unterminated string.');
    expect(string.range?.startColumn).toBe(20);
  });

  it('reports text after the JSON value, and two JSON values in one file', () => {
    const error = parseFail('two.json', '{"a": 1}\n{"b": 2}');
    expect(error.message).toBe('Invalid JSON: Unexpected non-whitespace character after the JSON value.');
    expect(span(error.range)).toEqual([2, 1, 2, 1]);
  });

  it('reports an empty or blank file without a position', () => {
    for (const text of ['', '  \n\n\t\n']) {
      const error = parseFail('empty.yaml', text);
      expect(error.message).toBe('empty.yaml is empty: an Automation runbook needs schemaVersion and mainSteps.');
      expect(error.range).toBeUndefined();
    }
    expect(parseFail('comment.yaml', '# only a comment\n').message).toBe('comment.yaml holds no document.');
  });
});

describe('parseDocument: hostile input', () => {
  it('keeps __proto__ as an ordinary own key and leaves Object.prototype alone', () => {
    for (const [file, text] of [
      ['proto.yaml', lines('__proto__:', '  polluted: yes', 'constructor: {prototype: {polluted: yes}}', 'x: 1')],
      ['proto.json', '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "x": 1}'],
    ] as const) {
      const value = valueOf(parseOk(file, text).root) as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBeNull();
      expect(Object.hasOwn(value, '__proto__')).toBe(true);
      expect(Object.keys(value)).toEqual(['__proto__', 'constructor', 'x']);
      expect(value['__proto__']).toEqual({ polluted: 'yes' });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('stops a 10,000-level nested flow sequence at the first level past the limit, quickly', () => {
    const started = Date.now();
    const error = parseFail('deep.yaml', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(/^Nesting deeper than 200 levels; /);
    // The root "[" is depth 0 at column 1, so depth 201 opens at column 202.
    expect(span(error.range)).toEqual([1, 202, 1, 202]);
  });

  it('stops a 10,000-level nested JSON object (which crashes the yaml package by itself)', () => {
    const started = Date.now();
    const error = parseFail('deep.json', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(/^Nesting deeper than 200 levels; /);
    // Each level is the 5 characters {"a": — depth 201 opens at offset 1005.
    expect(span(error.range)).toEqual([1, 1006, 1, 1006]);
  });

  it('stops deep block nesting (compact sequences) too', () => {
    const error = parseFail('compact.yaml', `${'- '.repeat(10_000)}x\n`);
    expect(error.message).toMatch(/^Nesting deeper than 200 levels; /);
    expect(error.range?.startColumn).toBe(403); // depth d opens at column 2d + 1
  });

  it('counts depth from the root: maxDepth levels below it are allowed, one more is not', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 3 };
    expect(valueOf(parseOk('ok.yaml', '{a: {b: {c: 1}}}', 'yaml', limits).root)).toEqual({ a: { b: { c: 1 } } });
    const error = parseFail('deep.yaml', '{a: {b: {c: {d: 1}}}}', 'yaml', limits);
    expect(error.message).toMatch(/^Nesting deeper than 3 levels/);
    expect(span(error.range)).toEqual([1, 17, 1, 17]);
  });

  it('stops a billion-laughs alias bomb (9 levels of 9 aliases) quickly, at the alias that crosses the limit', () => {
    const names = 'abcdefghi';
    let text = `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
    for (let i = 1; i < 9; i++)
      text += `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(', ')}]\n`;
    const started = Date.now();
    const error = parseFail('bomb.yaml', text);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toBe(
      'YAML aliases expand to more than 100000 nodes (an alias bomb); expand the anchors by hand if this is intended.',
    );
    // b..e expand to 90 + 819 + 7,380 + 66,429 = 74,718 nodes; the first *e on line 6 (66,430 more) crosses 100,000.
    expect(span(error.range)).toEqual([6, 8, 6, 8]);
  });

  it('expands small, legitimate aliases, giving the copies the position of the alias', () => {
    const root = parseOk('alias.yaml', lines('base: &b {x: 1}', 'other: *b', 'list: [*b, *b]')).root;
    expect(valueOf(root)).toEqual({ base: { x: 1 }, other: { x: 1 }, list: [{ x: 1 }, { x: 1 }] });
    expect(span(mapAt(root, 'other').range)).toEqual([2, 8, 2, 10]);
    expect(span(scalarAt(root, 'other', 'x').range)).toEqual([2, 8, 2, 10]);
    expect(span(nodeAt(root, 'list', 1).range)).toEqual([3, 12, 3, 14]);
  });

  it('reports an alias to an anchor that does not exist', () => {
    const error = parseFail('unknown.yaml', 'a: *nowhere\n');
    expect(error.message).toMatch(/nowhere/);
    expect(error.range?.startLine).toBe(1);
  });
});

describe('formatForPath', () => {
  it('decides by extension, then by the first character', () => {
    expect(formatForPath('a.json', 'a: 1')).toBe('json');
    expect(formatForPath('a.JSON', '')).toBe('json');
    expect(formatForPath('a.yml', '{}')).toBe('yaml');
    expect(formatForPath('a.YAML', '{}')).toBe('yaml');
    expect(formatForPath('template', '  {"a": 1}')).toBe('json');
    expect(formatForPath('template', '\uFEFF[1]')).toBe('json');
    expect(formatForPath('template', 'a: 1')).toBe('yaml');
  });
});

describe('parseDocument: plain values', () => {
  it('resolves YAML 1.2 core scalars (yes is a string, 0.3 a number, null and ~ are null)', () => {
    const value = valueOf(
      parseOk('scalars.yaml', lines('a: yes', 'b: 0.3', 'c: true', 'd: ~', 'e: null', 'f: 0x10', 'g:')).root,
    );
    expect(value).toEqual({ a: 'yes', b: 0.3, c: true, d: null, e: null, f: 16, g: null });
  });

  it('gives an empty value a zero-width range right after its colon', () => {
    const root = parseOk('empty-value.yaml', lines('a:', 'b: 1')).root;
    const empty = scalarAt(root, 'a');
    expect(empty.value).toBeNull();
    expect(span(empty.range)).toEqual([1, 3, 1, 3]);
  });
});
