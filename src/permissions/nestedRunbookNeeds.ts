import type { Runbook, Step } from '../model/runbook.js';
import { inputsAt, scalarInput } from '../model/inputsAt.js';
import { awsDocumentEntry, awsDocumentSource, isCatalogued } from './awsDocumentCatalog.js';
import { viaServiceConditions } from './followOnNeeds.js';
import type { FollowOnKind, PermissionNeed } from './permissionNeed.js';
import type { NeedFor } from './stepPermissions.js';

/** The child an aws:executeAutomation step starts, and whether it runs with the parent's role. */
interface ChildRun {
  document: string;
  /** The child runs as the parent's role: it is given no AutomationAssumeRole, or the parent's own. */
  asParent: boolean;
}

function childRun(runbook: Runbook, step: Step): ChildRun | undefined {
  if (step.action !== 'aws:executeAutomation') return undefined;
  const document = scalarInput(step.inputs, 'DocumentName');
  if (document === undefined || document.includes('{{')) return undefined;
  const roles = inputsAt(step.inputs, 'RuntimeParameters.AutomationAssumeRole');
  const own = runbook.assumeRole?.value.replace(/\s+/g, '');
  // A child started without an assume role runs with the credentials of the automation that started it
  // (https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeAutomation.html).
  const asParent =
    roles.length === 0 ||
    roles.every((node) => {
      const values = node.kind === 'seq' ? node.items : [node];
      return values.every((value) => value.kind === 'scalar' && String(value.value).replace(/\s+/g, '') === own);
    });
  return { document: document.replace(/:\$?[A-Za-z0-9]+$/, ''), asParent };
}

/**
 * The needs of the child runbook an aws:executeAutomation step runs with the parent's role, when that child is one of
 * the documents analysed (by name: its file name without extension), else when it is an AWS-owned document of the
 * catalog (unless `catalog` is undefined). `childNeeds` computes the child's own needs.
 */
export function nestedRunbookNeeds(
  runbook: Runbook,
  step: Step,
  name: string,
  documents: ReadonlyMap<string, Runbook>,
  childNeeds: (child: Runbook) => PermissionNeed[] | undefined,
  catalog: { exclude: readonly FollowOnKind[]; needFor: NeedFor } | undefined,
): PermissionNeed[] {
  const run = childRun(runbook, step);
  if (!run?.asParent) return [];
  const child = documents.get(run.document);
  if (!child) return catalog ? catalogNeeds(runbook, step, name, run.document, catalog.exclude, catalog.needFor) : [];
  return (childNeeds(child) ?? []).map((need) => ({
    ...need,
    step: name,
    origin: { kind: 'nested' as const, document: run.document, childStep: need.step, of: need.origin },
    range: step.headRange,
  }));
}

/** Why a step that runs a child automation with the parent's role cannot be complete: the child is not analysed. */
export function nestedRunbookGap(
  runbook: Runbook,
  step: Step,
  documents: ReadonlyMap<string, Runbook>,
): string | undefined {
  if (step.action !== 'aws:executeAutomation') return undefined;
  const document = scalarInput(step.inputs, 'DocumentName');
  if (document !== undefined && document.includes('{{'))
    return `it runs a document chosen at run time (${document}) whose actions are not known`;
  const run = childRun(runbook, step);
  if (!run?.asParent || documents.has(run.document)) return undefined;
  if (isCatalogued(run.document, documents)) {
    const gaps = Object.keys(awsDocumentEntry(run.document)?.incomplete ?? {});
    return gaps.length === 0
      ? undefined
      : `it runs ${run.document}, whose steps ${gaps.join(', ')} could not be read when it was catalogued`;
  }
  return `it runs ${run.document} with this runbook's role, but ${run.document} is not among the files analysed, so its actions are not listed`;
}

/** The needs of an AWS-owned child from the catalog, as needs of this step; excluded follow-on kinds left out. */
function catalogNeeds(
  runbook: Runbook,
  step: Step,
  name: string,
  document: string,
  exclude: readonly FollowOnKind[],
  needFor: NeedFor,
): PermissionNeed[] {
  const entry = awsDocumentEntry(document);
  if (!entry) return [];
  const { repository, commit } = awsDocumentSource();
  const of = { kind: 'catalog' as const, repository, commit };
  return entry.needs
    .filter((need) => need.followOn === undefined || !exclude.includes(need.followOn))
    .map((need) => ({
      ...needFor(runbook, step, name, need.action, undefined, of, need.confidence, step.headRange),
      origin: { kind: 'nested' as const, document, childStep: need.step, of },
      ...(need.condition ? { condition: need.condition } : {}),
      // kms:ViaService, as the follow-on itself has it.
      ...(need.condition?.kind === 'customer-managed-key'
        ? { conditions: viaServiceConditions(need.condition.service) }
        : {}),
    }));
}
