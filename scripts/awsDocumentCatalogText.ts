// The core of scripts/buildAwsDocumentCatalog.ts: the text of action-map/aws-documents.json for a snapshot directory.
import { basename, extname } from 'node:path';
import { defaultConfig } from '../src/engine/config.js';
import { loadInRunOrder } from '../src/engine/loadRunbooks.js';
import type { Runbook } from '../src/model/runbook.js';
import { catalogEntryOf, catalogText, storedCatalog } from '../src/permissions/awsDocumentCatalog.js';
import type { CatalogEntry, CatalogSource } from '../src/permissions/awsDocumentCatalog.js';
import { loadPythonParser } from '../src/permissions/scripts/analyzePython.js';
import { runbookPermissions } from '../src/permissions/stepPermissions.js';

const ABOUT =
  "Needs of AWS-owned Automation runbooks, computed by runbook-iam's own analysis of their content at the snapshot in `source` (scripts/buildAwsDocumentCatalog.ts). Used when a runbook runs one of them with its own role (aws:executeAutomation). A need is [step, action, confidence, index into conditions].";

/** Analyses every Automation runbook of `directory` (children resolved among them) and returns the catalog text. */
export async function awsDocumentCatalogText(
  directory: string,
  source: CatalogSource,
): Promise<{ text: string; entries: Record<string, CatalogEntry> }> {
  await loadPythonParser();
  const cwd = process.cwd();
  const loaded = await loadInRunOrder({ paths: [directory], cwd, config: defaultConfig(cwd) });
  const documents = new Map<string, Runbook>();
  for (const file of loaded)
    for (const entry of file.runbooks)
      if (!entry.template) documents.set(basename(file.path, extname(file.path)), entry.runbook);
  const entries: Record<string, CatalogEntry> = {};
  for (const name of [...documents.keys()].sort()) {
    entries[name] = catalogEntryOf(runbookPermissions(documents.get(name)!, { documents, catalog: false }));
  }
  return { text: catalogText(storedCatalog(ABOUT, source, entries)), entries };
}
