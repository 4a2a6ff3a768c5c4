import type { Runbook, Step } from '../model/runbook.js';
import type { SourceRange } from '../parse/sourceRange.js';
import { followOnsOf } from './followOnTable.js';
import type { FollowOn } from './followOnTable.js';
import type { Confidence, FollowOnKind, NeedCondition, PermissionNeed } from './permissionNeed.js';
import type { NeedFor } from './stepPermissions.js';

/**
 * The follow-ons (action-map/follow-ons.json) of one need: KMS actions on a key the touched resource may use, actions
 * the service performs with the caller's credentials. `hasInput` says whether the call has an input (`WithDecryption`).
 */
export function followOnNeeds(
  runbook: Runbook,
  step: Step,
  name: string,
  base: PermissionNeed,
  hasInput: (input: string) => boolean,
  needFor: NeedFor,
): PermissionNeed[] {
  if (base.origin.kind === 'follow-on') return [];
  return followOnsOf(base.action)
    .filter((entry) => entry.whenInput === undefined || hasInput(entry.whenInput))
    .flatMap((entry) => entryNeeds(runbook, step, name, entry, base.action, base.confidence, base.range, needFor));
}

/** The follow-ons of the step's Automation action type itself (aws:executeScript → CloudWatch output logging). */
export function actionTypeFollowOnNeeds(
  runbook: Runbook,
  step: Step,
  name: string,
  needFor: NeedFor,
): PermissionNeed[] {
  if (step.action === undefined) return [];
  return followOnsOf(step.action).flatMap((entry) =>
    entryNeeds(runbook, step, name, entry, step.action as string, 'certain', step.headRange, needFor),
  );
}

function entryNeeds(
  runbook: Runbook,
  step: Step,
  name: string,
  entry: FollowOn,
  of: string,
  baseConfidence: Confidence,
  range: SourceRange,
  needFor: NeedFor,
): PermissionNeed[] {
  const origin = { kind: 'follow-on' as const, of, followOn: entry.kind, source: entry.source };
  const condition = conditionOf(entry);
  return entry.actions.map((action) => {
    const need = needFor(
      runbook,
      step,
      name,
      action,
      undefined,
      origin,
      condition ? 'conditional' : baseConfidence,
      range,
    );
    // The log group is chosen in the account's Automation preferences, not in the runbook.
    const resources =
      entry.kind === 'cloudwatch-output'
        ? // The log group is the account's Automation preference, not part of the runbook (automation-action-logging).
          {
            resources: ['*'],
            resourceConfidence: 'unknown' as const,
            resourceNote: { kind: 'account-setting' as const },
          }
        : {};
    return {
      ...need,
      ...resources,
      ...(condition ? { condition } : {}),
      ...(entry.viaService ? { conditions: viaServiceConditions(entry.viaService) } : {}),
    };
  });
}

/** kms:ViaService: the key may be used only through the service the step calls (AWS KMS condition keys). */
export function viaServiceConditions(service: string): Record<string, Record<string, string[]>> {
  return { StringLike: { 'kms:ViaService': [`${service}.*.amazonaws.com`] } };
}

function conditionOf(entry: FollowOn): NeedCondition | undefined {
  if (entry.kind === 'kms')
    return { kind: 'customer-managed-key', service: entry.viaService ?? '', text: entry.condition ?? '' };
  if (entry.kind === 'cloudwatch-output') return { kind: 'cloudwatch-output', text: entry.condition ?? '' };
  return entry.condition === undefined ? undefined : { kind: 'account-state', text: entry.condition };
}

/**
 * A step's needs with the excluded follow-on kinds left out, and follow-ons dropped where the step already needs the
 * same action for another reason (RunInstances with a KmsKeyId needs kms:CreateGrant for certain) or twice.
 */
export function settleFollowOns(needs: PermissionNeed[], exclude: readonly FollowOnKind[]): PermissionNeed[] {
  const direct = new Set(
    needs.filter((need) => need.origin.kind !== 'follow-on').map((need) => need.action.toLowerCase()),
  );
  const seen = new Set<string>();
  return needs.filter((need) => {
    if (need.origin.kind !== 'follow-on') return true;
    if (exclude.includes(need.origin.followOn)) return false;
    if (direct.has(need.action.toLowerCase())) return false;
    const key = `${need.action.toLowerCase()}\u0000${JSON.stringify(need.conditions ?? {})}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
