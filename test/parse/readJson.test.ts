import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, parseDocument } from '../../src/parse/parseDocument.js';
import type { ParseLimits, ParseOptions } from '../../src/parse/parseDocument.js';
import { readJson } from '../../src/parse/readJson.js';
import { SourceText } from '../../src/parse/sourceText.js';

/**
 * The dedicated JSON reader against the path it replaces (the YAML parser, then JSON.parse): for every text, the
 * whole result — tree, ranges, offsets, values, styles, diagnostics, failure messages and positions — must be the same.
 */
function expectSameAsYamlPath(
  text: string,
  file = 'doc.json',
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  options: ParseOptions = {},
): void {
  const dedicated = parseDocument(file, text, undefined, limits, options);
  const throughYaml = parseDocument(file, text, undefined, limits, { ...options, jsonThroughYaml: true });
  expect(dedicated).toStrictEqual(throughYaml);
}

/** Whether the dedicated reader itself read the text (rather than leaving it to the YAML path). */
function readByDedicatedReader(text: string, maxDepth = DEFAULT_PARSE_LIMITS.maxDepth): boolean {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return readJson(new SourceText('doc.json', body), maxDepth, () => undefined) !== undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const space = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n', '\n    ', ' \t ', '\n\n');

/** Characters that YAML or JSON treat specially, next to any code point (lone surrogates included). */
const character = fc.oneof(
  fc.constantFrom('"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u0085', '\u00a0'),
  fc.constantFrom('\u2028', '\u2029', '\ufeff', '\ud83d\ude00', '\ud800', '\udc00', '#', ':', ',', '-', '&', '*', '!'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

const SHORT_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
};

/** A JSON string literal of random characters, each written raw, as a short escape or as \u with either case. */
const stringText = fc.array(fc.tuple(character, fc.nat(3)), { maxLength: 12 }).map((parts) => {
  let out = '"';
  for (const [chars, how] of parts) {
    for (const char of chars) {
      const code = char.charCodeAt(0);
      const mustEscape = code < 0x20 || char === '"' || char === '\\';
      const short = SHORT_ESCAPES[char];
      if (!mustEscape && how === 0) out += char;
      else if (short !== undefined && how <= 1) out += `\\${short}`;
      else {
        const hex = code.toString(16).padStart(4, '0');
        out += `\\u${how === 3 ? hex.toUpperCase() : hex}`;
      }
    }
  }
  return `${out}"`;
});

const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom('-0', '-0.0', '0', '1.0', '1e400', '-1e400', '1E+2', '1e-400', '0.5e-3', '5e-324', '1.5E10'),
  fc.constantFrom('12345678901234567890123', '9007199254740993', '123456789012345678901234567890e-10', '2e0'),
);

const keyText = fc.oneof(fc.constantFrom('"a"', '"b"', '"a"', '""', '"__proto__"', '"\\u0061"'), stringText);

/** JSON texts with random spacing, escapes, number forms and keys that repeat. */
const { document: jsonText } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    stringText,
    numberText,
    fc.constantFrom('true', 'false', 'null'),
    tie('array'),
    tie('object'),
  ),
  array: fc
    .tuple(space, fc.array(fc.tuple(tie('value'), space, space), { maxLength: 5 }))
    .map(([open, items]) => `[${open}${items.map(([v, a, b]) => `${a}${String(v)}${b}`).join(',')}]`),
  object: fc
    .tuple(space, fc.array(fc.tuple(keyText, space, space, tie('value'), space), { maxLength: 5 }))
    .map(
      ([open, entries]) =>
        `{${open}${entries.map(([k, a, b, v, c]) => `${a}${k}${b}:${c}${String(v)}${a}`).join(',')}}`,
    ),
  document: fc.tuple(space, tie('value'), space).map(([a, v, b]) => `${a}${String(v)}${b}`),
}));

/** A text with one character deleted, replaced or inserted: mostly invalid JSON. */
const damagedText = fc
  .tuple(
    jsonText,
    fc.nat(),
    fc.constantFrom('delete', 'replace', 'insert'),
    fc.constantFrom(...'{}[]",:\\ \t\r\nx0-.eE#'),
  )
  .map(([text, at, how, char]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
    if (how === 'replace') return text.slice(0, i) + char + text.slice(i + 1);
    return text.slice(0, i) + char + text.slice(i);
  });

describe('readJson: the same tree as the YAML path', () => {
  it('for generated values, minified, pretty-printed with spaces or tabs, with CRLF line ends', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ stringUnit: 'binary' }),
        fc.constantFrom(0, 2, '\t'),
        fc.boolean(),
        (value, indent, crlf) => {
          let text = JSON.stringify(value, null, indent);
          if (crlf) text = text.replace(/\n/g, '\r\n');
          expect(readByDedicatedReader(text)).toBe(true);
          expectSameAsYamlPath(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for texts with random spacing, escapes, number forms and repeated keys', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(readByDedicatedReader(text)).toBe(
          isJson(text) && !/\r(?!\n)/.test(text) && !/^\s*\t\s*[^\s[{]/.test(text),
        );
        expectSameAsYamlPath(text);
      }),
      { numRuns: 500 },
    );
  });

  it('for repeated keys in strict mode (an error naming both positions) and in documents (two diagnostics)', () => {
    fc.assert(
      fc.property(jsonText, (text) =>
        expectSameAsYamlPath(text, 'config.json', DEFAULT_PARSE_LIMITS, { strict: true }),
      ),
      { numRuns: 200 },
    );
    const text = '{"a": {"x": 1, "x": 2}, "b": 3, "a": [1, {"y": 1, "y": {"z": 1, "z": 2}}]}';
    const parsed = parseDocument('dup.json', text);
    expect(parsed.ok && parsed.document.diagnostics?.length).toBe(8);
    expectSameAsYamlPath(text);
    expectSameAsYamlPath(text, 'config.json', DEFAULT_PARSE_LIMITS, { strict: true });
  });

  it('for damaged texts: the same message at the same position', () => {
    fc.assert(
      fc.property(damagedText, (text) => expectSameAsYamlPath(text)),
      { numRuns: 500 },
    );
  });

  it('for nesting around the depth limit, shallow limits included', () => {
    const limit = DEFAULT_PARSE_LIMITS.maxDepth;
    for (const depth of [limit - 1, limit, limit + 1, limit + 2, 20_000]) {
      const half = Math.ceil(depth / 2);
      for (const [text, nesting] of [
        [`${'['.repeat(depth)}1${']'.repeat(depth)}`, depth],
        [`${'['.repeat(depth)}${']'.repeat(depth)}`, depth - 1],
        [`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, depth],
        [`${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`, depth],
        [`${'{"a":['.repeat(half)}1${']}'.repeat(half)}`, 2 * half],
        [`${'[0,'.repeat(depth)}1${']'.repeat(depth)}`, depth],
        [`${'['.repeat(depth)}1${']'.repeat(depth - 1)}`, depth],
      ] as const) {
        expect(readByDedicatedReader(text)).toBe(nesting <= limit && isJson(text));
        expectSameAsYamlPath(text);
      }
    }
    const shallow: ParseLimits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 2 };
    fc.assert(
      fc.property(jsonText, (text) => expectSameAsYamlPath(text, 'doc.json', shallow)),
      { numRuns: 200 },
    );
  });

  it('for the edge cases: byte order mark, empty files, top-level scalars, long strings, odd numbers', () => {
    const long = 'x'.repeat(2_000_000);
    const cases = [
      '\uFEFF{"a": 1}',
      '\uFEFF',
      '',
      '   \n\t ',
      '\u00a0',
      '"top"',
      ' 42 ',
      'true',
      'null',
      '[]',
      '{}',
      `["${long}", "${long}\\n"]`,
      `{"${long}": 1}`,
      '[-0, 1.0, 1e400, -1e400, 1e-400, -0.0, 12345678901234567890123, 1E+2, 0.1]',
      '[1\r,2]',
      '{"a":1}\r',
      '["\\ud83d\\ude00", "\\ud800", "\\uDC00x"]',
      '["\u2028\u2029\u0085\ufeff"]',
      '{"a":1}{"b":2}',
      '{"a":1}\n---\n{"b":2}',
      '[1,]',
      '{"a" 1}',
      '[01]',
      '[1.]',
      '[.5]',
      '[+1]',
      '[tru]',
      '["\\x"]',
      '["\\u12"]',
      '["a\tb"]',
    ];
    for (const text of cases) expectSameAsYamlPath(text);
    expect(readByDedicatedReader(cases[0] as string)).toBe(true);
    // A file without a .json name whose text starts like JSON is read as JSON.
    expectSameAsYamlPath('  {"schemaVersion": "0.3", "mainSteps": []}', 'template');
    expectSameAsYamlPath('[1, 2', 'template');
  });

  it("for every JSON file of the project's tests and examples", () => {
    const root = join(import.meta.dirname, '..', '..');
    const files = [...jsonFiles(join(root, 'test')), ...jsonFiles(join(root, 'examples'))];
    expect(files.length).toBeGreaterThan(10);
    for (const path of files) expectSameAsYamlPath(readFileSync(path, 'utf8'), relative(root, path));
  });
});

function jsonFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}
