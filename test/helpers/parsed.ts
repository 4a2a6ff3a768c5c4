import { expect } from 'vitest';
import type { DocNode, MapNode, ScalarNode, SeqNode } from '../../src/parse/documentNode.js';
import { childOf } from '../../src/parse/documentNode.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import type { ParsedDocument, ParseFailure, ParseLimits, SourceFormat } from '../../src/parse/parseDocument.js';
import type { SourceRange } from '../../src/parse/sourceRange.js';
import { buildRunbook } from '../../src/model/buildRunbook.js';
import type { Runbook } from '../../src/model/runbook.js';

/** Parses text that must parse; the test fails with the parser's message otherwise. */
export function parseOk(file: string, text: string, format?: SourceFormat, limits?: ParseLimits): ParsedDocument {
  const result = parseDocument(file, text, format, limits);
  if (!result.ok) expect.fail(`expected ${file} to parse, got: ${result.error.message}`);
  return result.document;
}

/** Parses text that must fail; returns the failure. */
export function parseFail(file: string, text: string, format?: SourceFormat, limits?: ParseLimits): ParseFailure {
  const result = parseDocument(file, text, format, limits);
  if (result.ok) expect.fail(`expected ${file} not to parse`);
  return result.error;
}

/** Follows a path of map keys and sequence indices from `node`; fails the test when a step is missing. */
export function nodeAt(node: DocNode, ...path: (string | number)[]): DocNode {
  let current: DocNode | undefined = node;
  for (const step of path) {
    if (typeof step === 'number') current = current?.kind === 'seq' ? current.items[step] : undefined;
    else current = childOf(current, step);
    if (!current) expect.fail(`no node at ${path.join('.')} (stopped at ${String(step)})`);
  }
  return current as DocNode;
}

export function mapAt(node: DocNode, ...path: (string | number)[]): MapNode {
  const found = nodeAt(node, ...path);
  if (found.kind !== 'map') expect.fail(`${path.join('.')} is a ${found.kind}, not a map`);
  return found;
}

export function seqAt(node: DocNode, ...path: (string | number)[]): SeqNode {
  const found = nodeAt(node, ...path);
  if (found.kind !== 'seq') expect.fail(`${path.join('.')} is a ${found.kind}, not a seq`);
  return found;
}

export function scalarAt(node: DocNode, ...path: (string | number)[]): ScalarNode {
  const found = nodeAt(node, ...path);
  if (found.kind !== 'scalar') expect.fail(`${path.join('.')} is a ${found.kind}, not a scalar`);
  return found;
}

/** `[startLine, startColumn, endLine, endColumn]`, for compact assertions. */
export function span(range: SourceRange | undefined): [number, number, number, number] | undefined {
  return range && [range.startLine, range.startColumn, range.endLine, range.endColumn];
}

/** The runbook model of a YAML or JSON text that must parse and be a runbook. */
export function runbookOf(text: string, file = 'runbook.yaml'): Runbook {
  const runbook = buildRunbook(parseOk(file, text));
  if (!runbook) expect.fail(`${file} is not a runbook candidate`);
  return runbook;
}

/** Joins lines with LF and a trailing newline: keeps fixtures readable and line numbers countable. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}
