import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DocNode, MapEntry } from '../documentNode.js';
import { childOf, stringOf } from '../documentNode.js';
import { parseDocument } from '../parseDocument.js';
import type { ParsedDocument } from '../parseDocument.js';
import { readSourceFile } from '../readSourceFile.js';
import { SourceText } from '../sourceText.js';
import { blankTemplateDirectives } from '../templateDirectives.js';
import { emptyExtraction } from './embeddedRunbook.js';
import { HclParseError, HclParser } from './hclParser.js';
import type { HclJson } from './hclParser.js';
import type { HclModuleCache } from './hclModuleCache.js';
import type { ReadScope } from '../readScope.js';
import type { EmbeddedRunbook, Extraction } from './embeddedRunbook.js';
import { parseEmbeddedText, placeBlock } from './embeddedText.js';
import { blocksOf, linkTerraformRole } from './terraformRole.js';

export function isTerraformPath(path: string): boolean {
  return /\.tf$/i.test(path);
}

export interface TerraformOptions {
  /** Where `file()` targets may be read from (a target outside is not read); unrestricted when absent. */
  scope?: ReadScope;
  /** The HCL parser (a worker thread); one shared parser when absent. */
  parser?: HclParser;
  /** The run's parsed .tf files of the current module, so that siblings are parsed once per run. */
  modules?: HclModuleCache;
}

let sharedParser: HclParser | undefined;

function mergeModules(jsons: HclJson[]): HclJson {
  const merged: HclJson = { resource: {}, data: {} };
  for (const json of jsons) {
    for (const kind of ['resource', 'data'] as const) {
      const target = merged[kind] as Record<string, Record<string, unknown>>;
      for (const [type, byName] of Object.entries(
        (json[kind] as Record<string, Record<string, unknown>> | undefined) ?? {},
      )) {
        target[type] = { ...(target[type] ?? {}), ...byName };
      }
    }
  }
  return merged;
}

/**
 * The Automation runbooks of one Terraform file: `aws_ssm_document` resources with `document_type = "Automation"`
 * whose `content` is a heredoc or string (located at its lines in the .tf), `jsonencode({...})` of a literal
 * object (steps located at their `name = "..."` line), or `file(...)`/`templatefile(...)` of a file next to it
 * (linted as that file, with its own path). Roles are linked across the module (all .tf files in the directory),
 * as Terraform itself reads a module.
 */
export async function extractTerraform(
  file: string,
  text: string,
  options: TerraformOptions = {},
): Promise<Extraction> {
  const extraction = emptyExtraction('terraform');
  const source = new SourceText(file, text);
  const parser = options.parser ?? (sharedParser ??= new HclParser());
  const { modules } = options;
  const parseHcl = (path: string, hcl: string): Promise<HclJson> =>
    modules ? modules.parse(path, () => parser.parse(basename(path), hcl)) : parser.parse(basename(path), hcl);
  let json: HclJson;
  try {
    json = await parseHcl(file, text);
  } catch (error) {
    if (!(error instanceof HclParseError)) throw error;
    const { line, column } = error;
    extraction.problems.push({
      file,
      message: error.parserFault
        ? `${file} could not be parsed as Terraform: ${error.message}.`
        : `Invalid Terraform (HCL): ${error.message}`,
      range: { file, startLine: line, startColumn: column, endLine: line, endColumn: column },
    });
    return extraction;
  }
  const documents = [...blocksOf(json, 'resource', 'aws_ssm_document')].filter(
    ([, block]) => block.document_type === 'Automation',
  );
  if (documents.length === 0) return extraction;
  const module = mergeModules([json, ...(await siblingModules(file, parseHcl, options))]);

  for (const [name, block] of documents) {
    const address = `aws_ssm_document.${name}`;
    const attribute = locateAttribute(source, name, 'content');
    const range = source.range(attribute ?? 0, attribute ?? 0);
    const content = block.content;
    if (typeof content !== 'string') {
      extraction.unanalysable.push({ name: address, reason: `${address} has no content`, range });
      continue;
    }
    let document: ParsedDocument | undefined;
    let positions: EmbeddedRunbook['positions'] = 'exact';
    const expression = /^\$\{([\s\S]*)\}$/.exec(content)?.[1];
    const fileCall = expression === undefined ? undefined : /^\s*(file|templatefile)\(\s*"([^"]+)"/.exec(expression);
    if (expression === undefined) {
      const heredoc =
        attribute === undefined
          ? undefined
          : /^content\s*=\s*<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(attribute));
      const placement = heredoc
        ? placeBlock(source, source.position(attribute as number).line + 1, content, attribute as number)
        : { kind: 'collapsed' as const, offset: attribute ?? 0 };
      if (placement.kind === 'collapsed') positions = 'collapsed';
      const parsed = parseEmbeddedText(source, content, placement, `content of ${address}`);
      if (!parsed.ok) {
        extraction.problems.push(parsed.error);
        continue;
      }
      document = parsed.document;
    } else if (fileCall) {
      const [, fn, pathExpression] = fileCall as unknown as [string, string, string];
      const relativePath = pathExpression.replace(/^\$\{path\.(module|root)\}\//, '');
      if (relativePath.includes('${')) {
        extraction.unanalysable.push({
          name: address,
          reason: `content of ${address} reads a file whose path is computed (${pathExpression})`,
          range,
        });
        continue;
      }
      const contentPath = join(dirname(file), relativePath);
      if (options.scope && !options.scope.contains(contentPath)) {
        // A pull request could otherwise have any file the run can read parsed, and quoted, as a runbook.
        extraction.unanalysable.push({
          name: address,
          reason: `content of ${address} is ${fn}("${pathExpression}"), a file outside the repository, which was not read`,
          range,
        });
        continue;
      }
      const read = await readSourceFile(contentPath);
      if (!read.ok) {
        extraction.unanalysable.push({
          name: address,
          reason: `content of ${address} is ${fn}("${pathExpression}"), but ${contentPath} cannot be read (${read.message.replace(/^Cannot read .*?: /, '').replace(/\.$/, '')})`,
          range,
        });
        continue;
      }
      const parsed = parseDocument(contentPath, fn === 'templatefile' ? blankTemplateDirectives(read.text) : read.text);
      if (!parsed.ok) {
        extraction.problems.push(parsed.error);
        continue;
      }
      document = parsed.document;
    } else if (/^\s*jsonencode\(/.test(expression)) {
      const inner = expression.replace(/^\s*jsonencode\(/, '').replace(/\)\s*$/, '');
      let value: unknown;
      try {
        const local = await parser.parse('content.tf', `locals {\n  runbook_iam_content = ${inner}\n}\n`);
        value = (local.locals as Record<string, unknown>[] | undefined)?.[0]?.runbook_iam_content;
      } catch {
        value = undefined;
      }
      if (value === null || typeof value !== 'object') {
        extraction.unanalysable.push({
          name: address,
          reason: `content of ${address} is jsonencode() of a value that is not a literal object`,
          range,
        });
        continue;
      }
      positions = 'collapsed';
      document = { file, format: 'json', source, root: locatedJsonencode(value, source, attribute ?? 0) };
    } else {
      extraction.unanalysable.push({
        name: address,
        reason: `content of ${address} is computed (${expression.trim().slice(0, 60)}); write it as a heredoc, jsonencode({...}) or file(...) to have it checked`,
        range,
      });
      continue;
    }
    const linkedRole = linkTerraformRole(module, name, document.root);
    extraction.runbooks.push({
      ...document,
      name: address,
      template: 'terraform',
      templateFile: file,
      positions,
      ...(linkedRole ? { linkedRole } : {}),
    });
  }
  return extraction;
}

/**
 * The other .tf files of the module (same directory), parsed for role linking; unreadable or invalid ones, and links
 * out of `scope`, are ignored.
 */
async function siblingModules(
  file: string,
  parseHcl: (path: string, text: string) => Promise<HclJson>,
  { scope, modules }: TerraformOptions,
): Promise<HclJson[]> {
  const directory = dirname(resolve(file));
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => isTerraformPath(name) && name !== basename(file)).sort();
  } catch {
    return [];
  }
  const jsons: HclJson[] = [];
  for (const name of names) {
    const path = join(directory, name);
    if (scope && !scope.contains(path)) continue;
    try {
      if (modules?.has(path)) {
        jsons.push(await parseHcl(path, ''));
        continue;
      }
      const read = await readSourceFile(path);
      if (!read.ok) continue;
      jsons.push(await parseHcl(path, read.text));
    } catch (error) {
      if (!(error instanceof HclParseError)) throw error;
      // A broken sibling is reported when it is linted itself.
    }
  }
  return jsons;
}

/** Offset of `<attribute> =` inside `resource "aws_ssm_document" "<name>" {`. */
function locateAttribute(source: SourceText, name: string, attribute: string): number | undefined {
  const header = new RegExp(
    `resource\\s+"aws_ssm_document"\\s+"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*\\{`,
  ).exec(source.text);
  if (!header) return undefined;
  const pattern = new RegExp(`^[ \\t]*(${attribute})\\s*=`, 'gm');
  pattern.lastIndex = header.index + header[0].length;
  const match = pattern.exec(source.text);
  return match ? match.index + match[0].indexOf(attribute) : undefined;
}

/**
 * A DocNode tree for a `jsonencode({...})` value (hcl2json gives the value, not positions): everything is at the
 * `content` attribute, except that each step and everything in it is at the line of its `name = "..."`.
 */
function locatedJsonencode(value: unknown, source: SourceText, at: number): DocNode {
  const root = jsonNode(value, source, at);
  const steps = childOf(root, 'mainSteps');
  if (steps?.kind !== 'seq') return root;
  let cursor = at;
  steps.items = steps.items.map((step, index) => {
    const name = stringOf(childOf(step, 'name'));
    if (name === undefined) return step;
    const pattern = new RegExp(`\\bname\\s*=\\s*"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'g');
    pattern.lastIndex = cursor;
    const match = pattern.exec(source.text);
    if (!match) return step;
    cursor = match.index + match[0].length;
    return jsonNode((value as { mainSteps: unknown[] }).mainSteps[index], source, match.index);
  });
  return root;
}

function jsonNode(value: unknown, source: SourceText, at: number): DocNode {
  const base = { offset: [at, at] as [number, number], range: source.range(at, at) };
  if (Array.isArray(value)) return { kind: 'seq', items: value.map((item) => jsonNode(item, source, at)), ...base };
  if (value !== null && typeof value === 'object') {
    const entries: MapEntry[] = Object.entries(value).map(([key, item]) => ({
      key,
      keyRange: base.range,
      value: jsonNode(item, source, at),
    }));
    return { kind: 'map', entries, ...base };
  }
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  return { kind: 'scalar', value: scalar, style: 'plain', ...base };
}
