// Live mode (--aws): reads the assume role from the account with @aws-sdk/client-iam — GetRole,
// ListRolePolicies/GetRolePolicy, ListAttachedRolePolicies/GetPolicy/GetPolicyVersion — and normalises it exactly like
// a --role file (roleFromJson), so every rule and `diff` treat both the same. The SDK is imported on first use.
import { roleFromJson, RoleFileError } from '../policy/loadRoleFile.js';
import type { RoleInfo } from '../policy/roleInfo.js';
import { clientConfig } from './awsClientOptions.js';
import type { AwsClientOptions } from './awsClientOptions.js';
import { AwsError, describeAwsError } from './awsError.js';

/** `arn:aws:iam::123456789012:role/path/Name` or `Name` → `Name` (GetRole takes the name, not the ARN). */
export function roleNameFromArn(roleArnOrName: string): string {
  return roleArnOrName.split('/').pop() ?? roleArnOrName;
}

export async function fetchRole(roleArnOrName: string, options: AwsClientOptions = {}): Promise<RoleInfo> {
  const roleName = roleNameFromArn(roleArnOrName);
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName))
    throw new AwsError(
      `"${roleArnOrName}" is not a role name or role ARN; write it as arn:aws:iam::123456789012:role/Name.`,
    );
  const target = `role ${roleName}`;
  const iam = await import('@aws-sdk/client-iam');
  const client = new iam.IAMClient(clientConfig(options));
  const call = async <T>(operation: string, about: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw describeAwsError(error, operation, about);
    }
  };
  try {
    const got = await call('iam:GetRole', target, () => client.send(new iam.GetRoleCommand({ RoleName: roleName })));
    const role = got.Role;
    if (!role?.RoleName || !role.Arn)
      throw new AwsError(
        `AWS's answer to iam:GetRole for ${target} has no role in it; run again, and check that no proxy rewrites the response.`,
      );

    const inlineNames: string[] = [];
    let marker: string | undefined;
    do {
      const page = await call('iam:ListRolePolicies', target, () =>
        client.send(new iam.ListRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })),
      );
      inlineNames.push(...(page.PolicyNames ?? []));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const inline = [];
    for (const policyName of inlineNames) {
      const policy = await call('iam:GetRolePolicy', `inline policy ${policyName} of ${target}`, () =>
        client.send(new iam.GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
      );
      inline.push({ PolicyName: policyName, PolicyDocument: policy.PolicyDocument });
    }

    const attached: { PolicyName?: string; PolicyArn: string }[] = [];
    marker = undefined;
    do {
      const page = await call('iam:ListAttachedRolePolicies', target, () =>
        client.send(
          new iam.ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }),
        ),
      );
      for (const policy of page.AttachedPolicies ?? [])
        if (policy.PolicyArn)
          attached.push({
            ...(policy.PolicyName ? { PolicyName: policy.PolicyName } : {}),
            PolicyArn: policy.PolicyArn,
          });
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const managed = [];
    for (const policy of attached) {
      const about = `managed policy ${policy.PolicyArn}`;
      const described = await call('iam:GetPolicy', about, () =>
        client.send(new iam.GetPolicyCommand({ PolicyArn: policy.PolicyArn })),
      );
      const versionId = described.Policy?.DefaultVersionId;
      if (!versionId)
        throw new AwsError(
          `AWS's answer to iam:GetPolicy for ${about} has no default version; run again, and check that no proxy rewrites the response.`,
        );
      const version = await call('iam:GetPolicyVersion', about, () =>
        client.send(new iam.GetPolicyVersionCommand({ PolicyArn: policy.PolicyArn, VersionId: versionId })),
      );
      managed.push({ ...policy, PolicyVersion: { Document: version.PolicyVersion?.Document } });
    }

    return roleFromJson(
      {
        Role: {
          RoleName: role.RoleName,
          Arn: role.Arn,
          AssumeRolePolicyDocument: role.AssumeRolePolicyDocument,
          RolePolicyList: inline,
          AttachedManagedPolicies: managed,
        },
      },
      'read from AWS with iam:GetRole',
    );
  } catch (error) {
    if (error instanceof RoleFileError)
      throw new AwsError(`AWS returned a policy of ${target} that runbook-iam cannot read: ${error.message}`);
    throw error;
  } finally {
    client.destroy();
  }
}
