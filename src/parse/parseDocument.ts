import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, Scalar } from 'yaml';
import type { Alias, CST, Document, Node as YamlNode } from 'yaml';
import { compatibilityNote } from './compatibilityNote.js';
import type { DocNode, MapEntry, ScalarStyle } from './documentNode.js';
import { loadLenientYaml } from './lenientYaml.js';
import { readJson } from './readJson.js';
import type { ParseDiagnostic } from './parseDiagnostic.js';
import { DEFAULT_PARSE_LIMITS, LimitExceeded, nestingMessage } from './parseLimits.js';
import type { ParseLimits } from './parseLimits.js';
import type { SourceRange } from './sourceRange.js';
import { SourceText } from './sourceText.js';
import { blankTemplateDirectives, findTemplateSyntax } from './templateDirectives.js';
import { uniqueEntries } from './uniqueEntries.js';

export { DEFAULT_PARSE_LIMITS } from './parseLimits.js';
export type { ParseLimits } from './parseLimits.js';

export type SourceFormat = 'yaml' | 'json';

export interface ParseOptions {
  /**
   * For the tool's own files (configuration): a duplicate key is an error and nothing is read leniently. Documents
   * are read as Systems Manager reads them (the default).
   */
  strict?: boolean;
  /**
   * Read JSON with the YAML parser and JSON.parse, as every JSON text was read before the dedicated reader: for the
   * tests that compare the two. JSON the dedicated reader does not read (invalid JSON above all) always goes this way.
   */
  jsonThroughYaml?: boolean;
}

export interface ParsedDocument {
  file: string;
  format: SourceFormat;
  root: DocNode;
  source: SourceText;
  /** What was read leniently (YAML 1.1 constructs, template directives, duplicate keys), reported by the rules of the same id. */
  diagnostics?: ParseDiagnostic[];
}

export interface ParseFailure {
  file: string;
  message: string;
  range?: SourceRange;
  /** Set when the file is a build template (Terraform templatefile() source, Jinja, ERB) that is not YAML even with its directives blanked: not a document, so it is skipped with this note rather than reported as a parse error. */
  template?: true;
}

export type ParseResult = { ok: true; document: ParsedDocument } | { ok: false; error: ParseFailure };

/** A failure of the YAML syntax itself, as opposed to a limit or a structural rule (several documents, empty file). */
type TextResult = ParseResult & { syntaxError?: boolean };

export function formatForPath(path: string, text: string): SourceFormat {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/**
 * Parses YAML or JSON. JSON is read by a dedicated reader that gives the tree the YAML 1.2 parser gives for it; what
 * that reader does not read, such as invalid JSON, goes through the YAML parser, which keeps positions, and is then
 * checked with JSON.parse, so that what is not JSON is reported in JSON's terms. Every node keeps its source range.
 * CloudFormation short-form tags parse as tagged values. Multi-document YAML, too deep nesting and alias bombs are errors. What Systems Manager reads but
 * a strict YAML 1.2 parser does not is read leniently and listed in `diagnostics`: YAML 1.1 constructs (through
 * js-yaml), build-template directives (blanked), and duplicate keys (the last value counts).
 */
export function parseDocument(
  file: string,
  text: string,
  format: SourceFormat = formatForPath(file, text),
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  options: ParseOptions = {},
): ParseResult {
  // A byte order mark is not content: editors do not count it as a column, and JSON.parse rejects it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const strict = options.strict === true;
  const result = parseText(file, text, format, limits, strict, options.jsonThroughYaml === true);
  if (result.ok || !result.syntaxError || strict || format === 'json') return withoutFlag(result);
  const template = findTemplateSyntax(text);
  if (!template) return withoutFlag(result);
  // A template's directives are not YAML: read the text with them blanked (same length, so positions stay).
  const source = new SourceText(file, text);
  const at = source.position(template.offset);
  const where = `${template.directive} at line ${at.line}`;
  const blanked = parseText(file, blankTemplateDirectives(text), format, limits, strict, false);
  if (!blanked.ok) {
    if (!blanked.syntaxError) return withoutFlag(blanked);
    return {
      ok: false,
      error: {
        file,
        template: true,
        message: `a ${template.kind} template (${where}) that is not YAML even without its directives; lint the file it renders to, or the code that renders it.`,
        range: source.range(template.offset, template.offset),
      },
    };
  }
  const note: ParseDiagnostic = {
    ruleId: 'yaml-compatibility',
    template: true,
    message: `A ${template.kind} template, not a document (${where}): analysed with its directives blanked, so every branch counts.`,
    range: source.range(template.offset, template.offset + template.directive.length),
  };
  const document = blanked.document;
  return { ok: true, document: { ...document, source, diagnostics: [note, ...(document.diagnostics ?? [])] } };
}

function withoutFlag(result: TextResult): ParseResult {
  return result.ok ? { ok: true, document: result.document } : { ok: false, error: result.error };
}

function parseText(
  file: string,
  text: string,
  format: SourceFormat,
  limits: ParseLimits,
  strict: boolean,
  jsonThroughYaml: boolean,
): TextResult {
  const source = new SourceText(file, text);
  if (format === 'json' && !jsonThroughYaml) {
    const diagnostics: ParseDiagnostic[] = [];
    const root = readJson(source, limits.maxDepth, strict ? rejectDuplicate(source) : reportDuplicate(diagnostics));
    if (root)
      return { ok: true, document: { file, format, root, source, ...(diagnostics.length > 0 ? { diagnostics } : {}) } };
  }
  const fail = (message: string, start?: number, end?: number): TextResult => ({
    ok: false,
    error: { file, message, ...(start === undefined ? {} : { range: source.range(start, end ?? start) }) },
  });
  if (text.trim() === '') return fail(`${file} is empty: an Automation runbook needs schemaVersion and mainSteps.`);

  let documents: Document.Parsed[];
  try {
    // The yaml package composes nodes recursively: thousands of nested levels overflow the stack (or kill the process
    // with an out-of-memory error inside V8). Its CST parser is iterative, so the depth is checked on the CST first.
    const tokens = Array.from(new Parser().parse(text));
    const tooDeep = firstTooDeep(tokens, limits.maxDepth);
    if (tooDeep !== undefined) return fail(nestingMessage(limits.maxDepth), tooDeep);
    const composer = new Composer({ uniqueKeys: false, prettyErrors: false, strict: false });
    documents = Array.from(composer.compose(tokens)) as Document.Parsed[];
  } catch (error) {
    return fail(`${file} could not be parsed: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (!Array.isArray(documents)) return fail(`${file} could not be parsed as ${format.toUpperCase()}.`);
  if (documents.length > 1) {
    const second = documents[1] as Document.Parsed;
    return fail(
      `${file} holds ${documents.length} YAML documents; a runbook is one document — split it into one file per document.`,
      second.range[0],
    );
  }
  const document = documents[0];
  if (!document || document.contents === null) return fail(`${file} holds no document.`);
  const firstError = document.errors[0];
  // A JSON file gets JSON's own message ("Expected double-quoted property name"), not the YAML parser's view of it.
  if (format === 'json') {
    const jsonError = checkJson(text);
    if (jsonError) return fail(`Invalid JSON: ${jsonError.message}`, jsonError.offset ?? firstError?.pos[0]);
  }
  const diagnostics: ParseDiagnostic[] = [];
  const onDuplicate = strict ? rejectDuplicate(source) : reportDuplicate(diagnostics);
  if (firstError) {
    const [start, end] = firstError.pos;
    const kind = format === 'json' ? 'JSON' : 'YAML';
    const message = firstSentence(firstError.message);
    const failure = { ...fail(`Invalid ${kind}: ${message}`, start, end), syntaxError: true };
    if (strict || format === 'json') return failure;
    // What a YAML 1.2 parser rejects, YAML 1.1 parsers (PyYAML, which AWS tools such as cfn-lint use) may accept.
    try {
      const root = loadLenientYaml(source, limits, onDuplicate);
      const note = compatibilityNote(firstError, source);
      return { ok: true, document: { file, format, root, source, diagnostics: [note, ...diagnostics] } };
    } catch (error) {
      if (error instanceof LimitExceeded) return fail(error.message, error.offset);
      return failure;
    }
  }

  const converter = new Converter(source, document, limits, onDuplicate);
  try {
    const root = converter.convert(document.contents as YamlNode, 0);
    return { ok: true, document: { file, format, root, source, ...(diagnostics.length > 0 ? { diagnostics } : {}) } };
  } catch (error) {
    if (error instanceof LimitExceeded) return fail(error.message, error.offset);
    if (error instanceof RangeError) return fail(`${file} is nested too deeply to analyse.`);
    throw error;
  }
}

/** Strict mode (the tool's own files): a duplicate key is an error naming both positions. */
function rejectDuplicate(source: SourceText): (earlier: MapEntry, later: MapEntry) => never {
  return (earlier, later) => {
    const [first, again] = [earlier.keyRange, later.keyRange];
    throw new LimitExceeded(
      `Duplicate key "${later.key}" at line ${again.startLine}, column ${again.startColumn}; it is first defined at line ${first.startLine}, column ${first.startColumn}. Remove one of them.`,
      source.lineStart(again.startLine) + again.startColumn - 1,
    );
  };
}

/** Documents: a duplicate key is reported at both definitions, and the later value is the one analysed. */
function reportDuplicate(diagnostics: ParseDiagnostic[]): (earlier: MapEntry, later: MapEntry) => void {
  return (earlier, later) => {
    const key = later.key.length > 60 ? `${later.key.slice(0, 57)}...` : later.key;
    diagnostics.push(
      {
        ruleId: 'duplicate-key',
        message: `Key "${key}" is defined again at line ${later.keyRange.startLine}, which replaces this value. Remove one of the two.`,
        range: earlier.keyRange,
      },
      {
        ruleId: 'duplicate-key',
        message: `Key "${key}" is already defined at line ${earlier.keyRange.startLine}; this later value replaces it. Remove one of the two.`,
        range: later.keyRange,
      },
    );
  };
}

/** Offset of the first CST node nested deeper than `maxDepth` (the root is depth 0), walking without recursion. */
function firstTooDeep(tokens: CST.Token[], maxDepth: number): number | undefined {
  const stack: [CST.Token, number][] = [];
  for (const token of tokens) if (token.type === 'document' && token.value) stack.push([token.value, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    if (depth > maxDepth) return 'offset' in token ? token.offset : 0;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

function firstSentence(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.endsWith('.') ? line : `${line}.`;
}

function checkJson(text: string): { message: string; offset?: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /at position (\d+)/.exec(message);
    const offset = match ? Number(match[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    // The position is given as line and column by the range; an offset in the message would only confuse. V8 quotes
    // the start of the text when it has no position ("Unexpected token 'r', "root:x:0:0"... is not valid JSON"):
    // the quote is dropped, since the file may hold secrets.
    const shown = message
      .replace(/, "[\s\S]*"(\.\.\.)? is not valid JSON$/, '')
      .replace(/ (in|after) JSON at position \d+( \(line \d+ column \d+\))?/, (_, word: string) =>
        word === 'after' ? ' after the JSON value' : '',
      );
    return { message: firstSentence(shown), ...(offset === undefined ? {} : { offset }) };
  }
}

class Converter {
  private aliasNodes = 0;

  constructor(
    private readonly source: SourceText,
    private readonly document: Document.Parsed,
    private readonly limits: ParseLimits,
    private readonly onDuplicate: (earlier: MapEntry, later: MapEntry) => void,
  ) {}

  convert(node: YamlNode | Alias | null, depth: number, viaAlias = false, at?: [number, number]): DocNode {
    if (depth > this.limits.maxDepth) {
      throw new LimitExceeded(nestingMessage(this.limits.maxDepth), node?.range?.[0] ?? 0);
    }
    if (viaAlias && ++this.aliasNodes > this.limits.maxAliasNodes) {
      throw new LimitExceeded(
        `YAML aliases expand to more than ${this.limits.maxAliasNodes} nodes (an alias bomb); expand the anchors by hand if this is intended.`,
        at?.[0] ?? 0,
      );
    }
    if (node === null) return this.nullScalar(at ?? [0, 0]);
    const offset: [number, number] = at ?? [node.range?.[0] ?? 0, node.range?.[1] ?? 0];
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (!target) throw new LimitExceeded(`Unknown YAML alias *${node.source}.`, offset[0]);
      return this.convert(target as YamlNode, depth, true, viaAlias ? at : offset);
    }
    const range = this.source.range(offset[0], offset[1]);
    const tag = node.tag && !node.tag.startsWith('tag:yaml.org,2002:') ? node.tag : undefined;
    const base = { range, offset, ...(tag === undefined ? {} : { tag }) };
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = this.keyText(keyNode, depth);
        const keyOffset: [number, number] = [keyNode?.range?.[0] ?? offset[0], keyNode?.range?.[1] ?? offset[0]];
        const keyRange = this.source.range(keyOffset[0], keyOffset[1]);
        const value = this.convert(
          pair.value as YamlNode | null,
          depth + 1,
          viaAlias,
          pair.value ? (viaAlias ? offset : undefined) : [keyOffset[1], keyOffset[1]],
        );
        entries.push({ key, keyRange, value });
      }
      // A duplicate inside an anchored map is reported where the anchor is written, not again at each alias.
      const unique = uniqueEntries(entries, viaAlias ? () => undefined : this.onDuplicate);
      return { kind: 'map', entries: unique, ...base };
    }
    if (isSeq(node)) {
      return {
        kind: 'seq',
        items: node.items.map((item) =>
          this.convert(item as YamlNode | null, depth + 1, viaAlias, viaAlias ? offset : undefined),
        ),
        ...base,
      };
    }
    if (isScalar(node)) {
      const value = node.value;
      const scalar =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
          ? value
          : typeof value === 'bigint'
            ? Number(value)
            : String(value);
      return { kind: 'scalar', value: scalar, style: scalarStyle(node), ...base };
    }
    return this.nullScalar(offset);
  }

  private keyText(key: YamlNode | null, depth: number): string {
    if (key === null) return '';
    if (isScalar(key)) return String(key.value);
    return JSON.stringify(this.convert(key, depth + 1));
  }

  private nullScalar(offset: [number, number]): DocNode {
    return { kind: 'scalar', value: null, style: 'plain', range: this.source.range(offset[0], offset[1]), offset };
  }
}

function scalarStyle(node: Scalar): ScalarStyle {
  switch (node.type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_LITERAL:
      return 'literal';
    case Scalar.BLOCK_FOLDED:
      return 'folded';
    default:
      return 'plain';
  }
}
