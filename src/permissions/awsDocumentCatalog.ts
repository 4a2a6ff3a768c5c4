// Reader for action-map/aws-documents.json: the needs of AWS-owned Automation runbooks (AWS-*, AWSSupport-*,
// AWSConfigRemediation-*…), computed by this tool's own analysis of their content at a pinned snapshot (`source`),
// so that an aws:executeAutomation step running one of them with the parent's role lists the child's actions.
// Regenerate with `npm run catalog:aws-documents -- DIR --repository NAME --commit SHA`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runbook } from '../model/runbook.js';
import { packageRoot } from '../util/packageRoot.js';
import type { Confidence, FollowOnKind, NeedCondition, StepPermissions } from './permissionNeed.js';

/** One need of a catalogued document: the child's step, the action, and how sure. */
export interface CatalogNeed {
  step: string;
  action: string;
  confidence: Confidence;
  /** Set for follow-ons, so that an excluded kind (`cloudwatch-output`) is left out of the parent as well. */
  followOn?: FollowOnKind;
  condition?: NeedCondition;
}

export interface CatalogEntry {
  needs: CatalogNeed[];
  /** Steps whose needs could not be complete when the catalog was built, with why. */
  incomplete?: Record<string, string>;
}

export interface CatalogSource {
  /** Where the documents' content was read: `github.com/owner/name`. */
  repository: string;
  commit: string;
}

/** A need as stored: step, action, confidence, and the index of its follow-on kind and condition, if any. */
type StoredNeed = [string, string, Confidence] | [string, string, Confidence, number];

interface StoredCatalog {
  about: string;
  source: CatalogSource;
  /** The follow-on kinds and conditions the needs refer to by index. */
  conditions: { followOn?: FollowOnKind; condition?: NeedCondition }[];
  documents: Record<string, { needs: StoredNeed[]; incomplete?: Record<string, string> }>;
}

let catalog: StoredCatalog | undefined;
const decoded = new Map<string, CatalogEntry>();

function load(): StoredCatalog {
  catalog ??= JSON.parse(
    readFileSync(join(packageRoot(), 'action-map', 'aws-documents.json'), 'utf8'),
  ) as StoredCatalog;
  return catalog;
}

/** The catalogued needs of an AWS-owned document, by its name; undefined when it is not in the catalog. */
export function awsDocumentEntry(document: string): CatalogEntry | undefined {
  const stored = load();
  if (!Object.hasOwn(stored.documents, document)) return undefined;
  let entry = decoded.get(document);
  if (!entry) {
    const { needs, incomplete } = stored.documents[document]!;
    entry = {
      needs: needs.map(([step, action, confidence, index]) => ({
        step,
        action,
        confidence,
        ...(index === undefined ? {} : stored.conditions[index]),
      })),
      ...(incomplete ? { incomplete } : {}),
    };
    decoded.set(document, entry);
  }
  return entry;
}

/** Where the catalog's documents were read. */
export function awsDocumentSource(): CatalogSource {
  return load().source;
}

/** The stored form of catalog entries (the generator writes it): follow-on kinds and conditions by index. */
export function storedCatalog(
  about: string,
  source: CatalogSource,
  entries: Record<string, CatalogEntry>,
): StoredCatalog {
  const conditions: StoredCatalog['conditions'] = [];
  const indexOf = new Map<string, number>();
  const documents: StoredCatalog['documents'] = {};
  for (const [name, entry] of Object.entries(entries)) {
    const needs = entry.needs.map((need): StoredNeed => {
      if (need.followOn === undefined && need.condition === undefined) return [need.step, need.action, need.confidence];
      const extra = {
        ...(need.followOn ? { followOn: need.followOn } : {}),
        ...(need.condition ? { condition: need.condition } : {}),
      };
      const key = JSON.stringify(extra);
      if (!indexOf.has(key)) indexOf.set(key, conditions.push(extra) - 1);
      return [need.step, need.action, need.confidence, indexOf.get(key)!];
    });
    documents[name] = { needs, ...(entry.incomplete ? { incomplete: entry.incomplete } : {}) };
  }
  return { about, source, conditions, documents };
}

/** The stored catalog as text: one line per document, so that a regeneration's diff shows which documents changed. */
export function catalogText(stored: StoredCatalog): string {
  const head = JSON.stringify({ about: stored.about, source: stored.source, conditions: stored.conditions }, null, 1);
  const documents = Object.entries(stored.documents).map(
    ([name, entry]) => ` ${JSON.stringify(name)}: ${JSON.stringify(entry)}`,
  );
  return `${head.slice(0, -2)},\n "documents": {\n${documents.join(',\n')}\n }\n}\n`;
}

/** The catalog entry of one runbook, from its computed step permissions (the generator's and the tests' path). */
export function catalogEntryOf(steps: readonly StepPermissions[]): CatalogEntry {
  const needs: CatalogNeed[] = [];
  const seen = new Set<string>();
  for (const step of steps) {
    for (const need of step.needs) {
      const key = `${step.step}\u0000${need.action}`;
      if (seen.has(key)) continue;
      seen.add(key);
      needs.push({
        step: step.step,
        action: need.action,
        confidence: need.confidence,
        ...(need.origin.kind === 'follow-on' ? { followOn: need.origin.followOn } : {}),
        ...(need.condition ? { condition: need.condition } : {}),
      });
    }
  }
  const incomplete = Object.fromEntries(
    steps.filter((step) => step.incomplete !== undefined).map((step) => [step.step, step.incomplete!]),
  );
  return { needs, ...(Object.keys(incomplete).length > 0 ? { incomplete } : {}) };
}

/** Whether a runbook is AWS-owned by name (what the catalog holds); a name in the files analysed wins over it. */
export function isCatalogued(document: string, documents: ReadonlyMap<string, Runbook>): boolean {
  return !documents.has(document) && awsDocumentEntry(document) !== undefined;
}
