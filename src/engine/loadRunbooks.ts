// The one loader: paths → discovery → read-ahead → parse → extraction (CloudFormation, Terraform) → attachments →
// immutable Runbook. Every command (lint, permissions, policy, diff, --aws) and the library use it, so they all
// accept the same inputs and see the same runbooks.
import { dirname, resolve } from 'node:path';
import type { FileResult } from './finding.js';
import { attachmentNamesOf, buildRunbook, runsPython } from '../model/buildRunbook.js';
import type { LoadedAttachment, Runbook } from '../model/runbook.js';
import { extractRunbooks, extractTerraform, isTerraformPath } from '../parse/extract/extractRunbooks.js';
import type { EmbeddedRunbook, Extraction, RoleDescription, TemplateKind } from '../parse/extract/extractRunbooks.js';
import { parseDocument } from '../parse/parseDocument.js';
import type { ParsedDocument } from '../parse/parseDocument.js';
import { readSourceFileSync } from '../parse/readSourceFile.js';
import { HclModuleCache } from '../parse/extract/hclModuleCache.js';
import { HclParser } from '../parse/extract/hclParser.js';
import { terraformFileTargets } from '../parse/extract/terraformFileTargets.js';
import { renderingTerraform } from '../parse/extract/renderingTerraform.js';
import { ssmDocumentKind } from '../model/ssmDocumentKind.js';
import { pointRange } from '../parse/sourceRange.js';
import type { SourceRange } from '../parse/sourceRange.js';
import { loadPythonParser } from '../permissions/scripts/analyzePython.js';
import { AttachmentReader } from '../permissions/scripts/readAttachment.js';
import { ReadScope } from '../parse/readScope.js';
import type { Config } from './config.js';
import { discoverFiles } from './discoverFiles.js';
import type { DiscoveredFile } from './discoverFiles.js';
import { timeStage, timeStageAsync } from '../util/stageTimes.js';

/** A runbook ready for analysis, with where it came from. */
export interface LoadedRunbook {
  runbook: Runbook;
  /** Set for a runbook found inside a template: the kind of template and the resource that holds it. */
  template?: { kind: TemplateKind; resource: string; file: string };
  /** The role the same template gives the runbook (its assumeRole names a role defined there). */
  linkedRole?: RoleDescription;
}

/** An input that cannot be read or parsed: a `parse-error` finding, and exit code 2. */
export interface InputProblem {
  message: string;
  range: SourceRange;
}

/** What one input file gave. */
export interface LoadedFile {
  path: string;
  /** The file's status (and files a template read with file(), reported as analysed in their own right). */
  results: FileResult[];
  runbooks: LoadedRunbook[];
  problems: InputProblem[];
  /** Notes for the whole run (a document in a template that cannot be read statically). */
  notes: string[];
  /** The file's place in the run (Terraform files first, then the others, each in discovery order). */
  order?: number;
  /**
   * Set when the file was handed off (LoadOptions.handOff) and not loaded: the rest of this LoadedFile is empty, and
   * this loads it here after all, with the run's context (when the one it was handed to could not).
   */
  loadHere?: () => Promise<LoadedFile>;
}

/** A file the loader may hand off: one that no other file of the run reads or waits for. */
export interface IndependentFile {
  path: string;
  explicit?: boolean;
  order: number;
}

export interface LoadOptions {
  paths: string[];
  cwd: string;
  config: Pick<Config, 'ignore' | 'baseDir' | 'maxFileSize' | 'path'>;
  /** Where reads the repository's content asks for may go; by default the run's (ReadScope.forRun). */
  scope?: ReadScope;
  /** Called before each file with the files done so far and the total (the CLI's progress indicator). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Offered, once, the YAML and JSON files that no Terraform file can read with file(): returns whether it takes them
   * all (they are then loaded elsewhere, and given here in their place as LoadedFiles with `loadHere`).
   */
  handOff?: (files: readonly IndependentFile[]) => boolean;
}

/**
 * Every runbook under `paths`, file by file. A runbook a .tf reads with file(...) is loaded once, from the .tf, with
 * the role linked there. One bad file never stops the others: its
 * problems are in its LoadedFile.
 */
export async function* loadRunbooks(options: LoadOptions): AsyncGenerator<LoadedFile> {
  const { config } = options;
  // Reads that the repository's content asks for (links, file(), attachments) stay inside the repository.
  const scope =
    options.scope ??
    ReadScope.forRun({ cwd: options.cwd, paths: options.paths, ...(config.path ? { configPath: config.path } : {}) });
  const discovered = await discoverFiles(options.paths, config.ignore, config.baseDir, scope);
  for (const error of discovered.errors) yield failed(error.path, error.message);
  if (discovered.notes.length > 0) yield { ...empty('.'), notes: discovered.notes };
  // A file named on the command line that an ignore glob covers is listed as skipped and never read.
  for (const file of discovered.files.filter((candidate) => candidate.ignored === true)) {
    yield { ...empty(file.path), results: [skipped(file.path, 'matched by an ignore pattern of the configuration')] };
  }
  const toRead = discovered.files.filter((file) => file.ignored !== true);
  const terraform = toRead.filter((file) => isTerraformPath(file.path));
  const others = toRead.filter((file) => !isTerraformPath(file.path));
  // One attachment reader for the run: each file read once, the bytes read summed across the run.
  const context: LoadContext = {
    cwd: options.cwd,
    readByTemplates: new Set(),
    scope,
    attachments: new AttachmentReader({}, scope),
    modules: new HclModuleCache(),
    ...(terraform.length > 0 ? { hclParser: new HclParser() } : {}),
  };
  let done = 0;
  const total = toRead.length;
  const read = (file: DiscoveredFile): ReturnType<typeof readSourceFileSync> =>
    timeStage('read', () => readSourceFileSync(file.path, config.maxFileSize));
  const load = async (file: DiscoveredFile, text: ReturnType<typeof readSourceFileSync>): Promise<LoadedFile> =>
    text.ok
      ? await loadText(file, text.text, context)
      : failed(file.path, text.message, text.range ?? pointRange(file.path, 1));

  // Terraform files are parsed by a worker thread. While it works, the files that no .tf file can read with file()
  // are loaded; those it may read wait until every .tf file is done, so that they are loaded once, from the .tf, with
  // the role linked there. `order` keeps the run's notes in the order of the files (Terraform first).
  const terraformTexts: (ReturnType<typeof readSourceFileSync> | undefined)[] = terraform.map(read);
  const mayBeRead = new Set(
    terraform.flatMap((file, index) => {
      const text = terraformTexts[index];
      return text?.ok ? terraformFileTargets(file.path, text.text).map((target) => resolve(options.cwd, target)) : [];
    }),
  );
  const terraformDone: LoadedFile[] = [];
  let terraformPending = terraform.length > 0;
  const terraformLoads = (async () => {
    for (const [index, file] of terraform.entries()) {
      const loaded = await load(file, terraformTexts[index] as ReturnType<typeof readSourceFileSync>);
      terraformTexts[index] = undefined;
      terraformDone.push({ ...loaded, order: index });
    }
  })().finally(() => {
    terraformPending = false;
    // The worker's memory (its own heap and the parser's WebAssembly memory) is freed for the rest of the run.
    void context.hclParser?.close();
  });
  const independent = others.flatMap((file, index) =>
    mayBeRead.has(resolve(options.cwd, file.path))
      ? []
      : [{ path: file.path, explicit: file.explicit, order: terraform.length + index }],
  );
  const handedOff = independent.length > 0 && options.handOff?.(independent) === true;
  const deferred: { file: DiscoveredFile; order: number }[] = [];
  for (const [index, file] of others.entries()) {
    const order = terraform.length + index;
    while (terraformDone.length > 0) {
      options.onProgress?.(done++, total);
      yield terraformDone.shift() as LoadedFile;
    }
    if (mayBeRead.has(resolve(options.cwd, file.path))) {
      deferred.push({ file, order });
      continue;
    }
    // A turn of the event loop lets the worker's answers in, so that it parses the next .tf file meanwhile.
    if (terraformPending) await new Promise((resolveTurn) => setImmediate(resolveTurn));
    options.onProgress?.(done++, total);
    if (handedOff)
      yield { ...empty(file.path), order, loadHere: async () => ({ ...(await load(file, read(file))), order }) };
    else yield { ...(await load(file, read(file))), order };
  }
  await terraformLoads;
  for (const loaded of terraformDone) {
    options.onProgress?.(done++, total);
    yield loaded;
  }
  for (const { file, order } of deferred) {
    options.onProgress?.(done++, total);
    if (context.readByTemplates.has(resolve(options.cwd, file.path))) continue;
    yield { ...(await load(file, read(file))), order };
  }
  options.onProgress?.(total, total);
}

/**
 * Every file loadRunbooks gives, in the run's order (Terraform files first, then the others, each in discovery
 * order) rather than the order they were loaded in; for commands that print runbooks as they come.
 */
export async function loadInRunOrder(options: LoadOptions): Promise<LoadedFile[]> {
  const files: LoadedFile[] = [];
  for await (const loaded of loadRunbooks(options)) files.push(loaded);
  return files.sort((a, b) => (a.order ?? -1) - (b.order ?? -1));
}

export interface LoadContext {
  cwd: string;
  /** Runbook files a Terraform file() already loaded (absolute paths). */
  readByTemplates: Set<string>;
  /** Where file() targets and attachments may be read from; unrestricted when absent. */
  scope?: ReadScope;
  /** The run's attachment reader (made on first use when absent). */
  attachments?: AttachmentReader;
  /** The run's parsed .tf files of the current Terraform module. */
  modules?: HclModuleCache;
  /** The run's HCL parser (its worker thread is ended once the run's Terraform files are loaded). */
  hclParser?: HclParser;
}

/** One file read and loaded with `context`; a file that cannot be read gives its problem. */
export async function loadFileAt(
  file: { path: string; explicit?: boolean },
  maxFileSize: number,
  context: LoadContext,
): Promise<LoadedFile> {
  const text = timeStage('read', () => readSourceFileSync(file.path, maxFileSize));
  return text.ok
    ? await loadText(file, text.text, context)
    : failed(file.path, text.message, text.range ?? pointRange(file.path, 1));
}

/**
 * One file's text → its runbooks: a runbook, a CloudFormation template or a Terraform file with runbooks inside,
 * or something else (skipped). Used by the loader, and by the library and tests for text they hold.
 */
export async function loadText(
  file: { path: string; explicit?: boolean },
  text: string,
  context: LoadContext = { cwd: process.cwd(), readByTemplates: new Set() },
): Promise<LoadedFile> {
  try {
    if (isTerraformPath(file.path)) {
      const extraction = await timeStageAsync('extract', () =>
        extractTerraform(file.path, text, {
          ...(context.scope ? { scope: context.scope } : {}),
          ...(context.modules ? { modules: context.modules } : {}),
          ...(context.hclParser ? { parser: context.hclParser } : {}),
        }),
      );
      return await loadExtraction(file, extraction, context);
    }
    const parsed = timeStage('parse', () => parseDocument(file.path, text));
    if (!parsed.ok) {
      // A build template that is not YAML even without its directives is not a document: a note, not an error.
      if (parsed.error.template) {
        const renderer = await renderingTerraform(file.path, context.cwd);
        const reason = renderer ? `${parsed.error.message} It is rendered by ${renderer}.` : parsed.error.message;
        return { ...empty(file.path), results: [skipped(file.path, reason)] };
      }
      // A YAML/JSON file in a directory that fails to parse is still reported when it plainly tries to be a runbook.
      if (!file.explicit && !/schemaVersion|mainSteps/.test(text)) {
        return { ...empty(file.path), results: [skipped(file.path, 'not an Automation runbook')] };
      }
      return failed(file.path, parsed.error.message, parsed.error.range ?? pointRange(file.path, 1));
    }
    const runbook = await timeStageAsync('model', () => buildWithAttachments(parsed.document, context));
    if (runbook) {
      const loaded: LoadedFile = { ...empty(file.path), results: [analysed(file.path)], runbooks: [{ runbook }] };
      // A template analysed on its own: the .tf that renders it links the role, so say which one it is.
      if (parsed.document.diagnostics?.some((diagnostic) => diagnostic.template)) {
        const renderer = await renderingTerraform(file.path, context.cwd);
        if (renderer)
          loaded.notes.push(
            `${file.path}: a template rendered by ${renderer}; lint ${renderer} to check it as deployed.`,
          );
      }
      return loaded;
    }
    const extraction = timeStage('extract', () => extractRunbooks(parsed.document));
    if (extraction.template) return await loadExtraction(file, extraction, context);
    // Another kind of Systems Manager document gets a word even when found in a directory.
    const kind = ssmDocumentKind(parsed.document.root);
    const why = kind
      ? `${kind}; only Automation runbooks (schemaVersion '0.3' with mainSteps) are analysed`
      : "not an Automation runbook (it needs schemaVersion '0.3' and mainSteps)";
    return { ...empty(file.path), results: [skipped(file.path, file.explicit || kind ? why : undefined)] };
  } catch (error) {
    // A defect met on one file (a stage that threw) is reported on that file; it never hides the other files' results.
    const message = error instanceof Error ? error.message : String(error);
    return failed(
      file.path,
      `Internal error while checking ${file.path}: ${message}. The other files were checked; please report this with the file.`,
      pointRange(file.path, 1),
    );
  }
}

async function loadExtraction(
  file: { path: string; explicit?: boolean },
  extraction: Extraction,
  context: LoadContext,
): Promise<LoadedFile> {
  const loaded = empty(file.path);
  for (const problem of extraction.problems) {
    loaded.problems.push({ message: problem.message, range: problem.range ?? pointRange(problem.file, 1) });
  }
  for (const embedded of extraction.runbooks) {
    const runbook = await timeStageAsync('model', () => buildWithAttachments(embedded, context));
    if (!runbook) continue;
    loaded.runbooks.push(embeddedRunbook(runbook, embedded));
    const embeddedFile = resolve(context.cwd, embedded.file);
    if (embeddedFile !== resolve(context.cwd, file.path) && !context.readByTemplates.has(embeddedFile)) {
      context.readByTemplates.add(embeddedFile);
      loaded.results.push(analysed(embedded.file));
    }
  }
  for (const document of extraction.unanalysable) {
    loaded.notes.push(`${document.range.file}:${document.range.startLine}: not checked: ${document.reason}.`);
  }
  const [problem] = extraction.problems;
  if (problem) loaded.results.push({ path: file.path, status: 'error', reason: problem.message });
  else if (loaded.runbooks.length > 0) loaded.results.push(analysed(file.path));
  else {
    const reason =
      extraction.unanalysable[0]?.reason ??
      `a ${extraction.template === 'terraform' ? 'Terraform file' : 'CloudFormation template'} without Automation documents`;
    loaded.results.push(skipped(file.path, file.explicit ? reason : undefined));
  }
  return loaded;
}

function embeddedRunbook(runbook: Runbook, embedded: EmbeddedRunbook): LoadedRunbook {
  return {
    runbook,
    template: { kind: embedded.template, resource: embedded.name, file: embedded.templateFile },
    ...(embedded.linkedRole ? { linkedRole: embedded.linkedRole } : {}),
  };
}

/**
 * Builds the runbook with the script attachments its steps run, read next to it (an attachment is an input of the
 * build, never patched in later), and loads the Python parser when a step runs Python.
 */
async function buildWithAttachments(document: ParsedDocument, context: LoadContext): Promise<Runbook | undefined> {
  const draft = buildRunbook(document);
  if (!draft) return undefined;
  if (runsPython(draft)) await loadPythonParser();
  const names = attachmentNamesOf(draft);
  if (names.length === 0) return draft;
  const directory = dirname(resolve(context.cwd, draft.path));
  const attachments = new Map<string, LoadedAttachment>();
  context.attachments ??= new AttachmentReader({}, context.scope);
  for (const name of names) attachments.set(name, await context.attachments.read(directory, name));
  return buildRunbook(document, attachments);
}

function empty(path: string): LoadedFile {
  return { path, results: [], runbooks: [], problems: [], notes: [] };
}

function failed(path: string, message: string, range: SourceRange = pointRange(path, 1)): LoadedFile {
  return { ...empty(path), results: [{ path, status: 'error', reason: message }], problems: [{ message, range }] };
}

function analysed(path: string): FileResult {
  return { path, status: 'analyzed' };
}

function skipped(path: string, reason: string | undefined): FileResult {
  return { path, status: 'skipped', ...(reason === undefined ? {} : { reason }) };
}
