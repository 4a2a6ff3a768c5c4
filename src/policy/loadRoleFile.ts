import { readRegularFileSync, refusalReason } from '../parse/readRegularFile.js';
import { managedPolicyByArn } from './managedPolicies.js';
import { policyDocumentProblem } from './policyDocumentProblem.js';
import { isAwsManagedPolicyArn } from './roleInfo.js';
import type { PolicyDocument, RoleInfo, RolePolicy } from './roleInfo.js';

export class RoleFileError extends Error {}

/**
 * A role with the most policies IAM allows (10 managed policies of 6,144 characters, inline policies totalling 10,240
 * characters per role; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) is well under a
 * megabyte, even with the extra fields of get-account-authorization-details.
 */
const MAX_ROLE_FILE_BYTES = 4 * 1024 * 1024;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a role file (docs/roles.md): the JSON `aws iam get-role` prints (`{"Role": {...}}`, or the role object itself,
 * or a RoleDetailList entry of `aws iam get-account-authorization-details`), with the role's identity policies in
 * `RolePolicyList` / `Policies` (inline: `{PolicyName, PolicyDocument}`, as `aws iam get-role-policy` prints them) and
 * `AttachedManagedPolicies` (`{PolicyArn}`, as `aws iam list-attached-role-policies` prints them) or `ManagedPolicyArns`.
 * AWS managed policies come from the bundled snapshot; a customer managed policy must carry its document
 * (`Document`, `PolicyDocument`, or `PolicyVersion.Document` as `aws iam get-policy-version` prints it).
 */
export function loadRoleFile(
  path: string,
  label = path,
  { namedByUser = true }: { namedByUser?: boolean } = {},
): RoleInfo {
  const read = readRegularFileSync(path, { maxBytes: MAX_ROLE_FILE_BYTES });
  if (!read.ok) throw new RoleFileError(`${refusalReason(`role file ${label}`, read, MAX_ROLE_FILE_BYTES)}.`);
  let data: unknown;
  try {
    data = JSON.parse(read.bytes.toString('utf8'));
  } catch (error) {
    // V8's message quotes the file's text. A file the user named may be quoted (on one line: a usage error prints one
    // line); one named by the repository's configuration may not, since it could be any file the run can read.
    const reason = namedByUser
      ? ` (${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')})`
      : '';
    throw new RoleFileError(`Role file ${label} is not valid JSON${reason}; give the output of \`aws iam get-role\`.`);
  }
  return roleFromJson(data, label);
}

const ROLE_KEYS = [
  'Role',
  'RoleName',
  'Arn',
  'AssumeRolePolicyDocument',
  'RolePolicyList',
  'Policies',
  'InlinePolicies',
  'AttachedManagedPolicies',
  'ManagedPolicyArns',
];

export function roleFromJson(data: unknown, label: string): RoleInfo {
  if (!isObject(data))
    throw new RoleFileError(`Role file ${label} must hold a JSON object: the output of \`aws iam get-role\`.`);
  const role = isObject(data.Role) ? { ...data, ...data.Role } : data;
  // An object with none of a role's fields (a bare policy document, a runbook) would otherwise be a role with no policies.
  if (!ROLE_KEYS.some((key) => Object.hasOwn(role, key))) {
    throw new RoleFileError(
      `Role file ${label} is not a role: it has none of ${ROLE_KEYS.join(', ')}; give the output of \`aws iam get-role\` with the role's policies.`,
    );
  }
  const problems: string[] = [];
  const policies: RolePolicy[] = [];
  const trust =
    role.AssumeRolePolicyDocument === undefined
      ? undefined
      : policyDocument(role.AssumeRolePolicyDocument, `${label}: AssumeRolePolicyDocument`);

  for (const key of ['RolePolicyList', 'Policies', 'InlinePolicies']) {
    const list = role[key];
    if (list === undefined) continue;
    if (!Array.isArray(list))
      throw new RoleFileError(`${label}: ${key} must be a list of {"PolicyName", "PolicyDocument"} objects.`);
    list.forEach((entry, index) => {
      if (!isObject(entry))
        throw new RoleFileError(`${label}: ${key}[${index}] must be an object with PolicyName and PolicyDocument.`);
      const name = typeof entry.PolicyName === 'string' ? entry.PolicyName : `${key}[${index}]`;
      policies.push({
        name,
        document: policyDocument(entry.PolicyDocument, `${label}: ${key}[${index}].PolicyDocument`),
        managed: false,
      });
    });
  }

  const managed: { arn: string; entry?: Json }[] = [];
  const attached = role.AttachedManagedPolicies;
  if (attached !== undefined) {
    if (!Array.isArray(attached))
      throw new RoleFileError(`${label}: AttachedManagedPolicies must be a list of {"PolicyArn"} objects.`);
    attached.forEach((entry, index) => {
      if (typeof entry === 'string') managed.push({ arn: entry });
      else if (isObject(entry) && typeof entry.PolicyArn === 'string') managed.push({ arn: entry.PolicyArn, entry });
      else throw new RoleFileError(`${label}: AttachedManagedPolicies[${index}] needs a PolicyArn.`);
    });
  }
  const arns = role.ManagedPolicyArns;
  if (arns !== undefined) {
    if (!Array.isArray(arns) || !arns.every((arn) => typeof arn === 'string'))
      throw new RoleFileError(`${label}: ManagedPolicyArns must be a list of policy ARNs.`);
    for (const arn of arns as string[]) managed.push({ arn });
  }
  for (const { arn, entry } of managed) {
    const name = arn.split('/').pop() ?? arn;
    const inlineDocument =
      entry?.Document ??
      entry?.PolicyDocument ??
      (isObject(entry?.PolicyVersion) ? entry.PolicyVersion.Document : undefined);
    if (inlineDocument !== undefined) {
      policies.push({
        name,
        arn,
        document: policyDocument(inlineDocument, `${label}: ${arn}`),
        managed: isAwsManagedPolicyArn(arn),
      });
      continue;
    }
    if (isAwsManagedPolicyArn(arn)) {
      const snapshot = managedPolicyByArn(arn);
      if (snapshot) {
        policies.push({ name, arn, document: snapshot.document, managed: true });
        continue;
      }
      problems.push(
        `${label}: the AWS managed policy ${arn} is not in runbook-iam's managed-policy snapshot, so its permissions were not counted; add its document to the role file (AttachedManagedPolicies entry with "Document").`,
      );
      continue;
    }
    problems.push(
      `${label}: the customer managed policy ${arn} has no document in the role file, so its permissions were not counted; add it (AttachedManagedPolicies entry with "Document", from \`aws iam get-policy-version\`).`,
    );
  }
  return {
    source: label,
    ...(typeof role.RoleName === 'string' ? { name: role.RoleName } : {}),
    ...(typeof role.Arn === 'string' ? { arn: role.Arn } : {}),
    ...(trust ? { trustPolicy: trust } : {}),
    policies,
    problems,
    ...(problems.length > 0 ? { incomplete: true } : {}),
  };
}

/** A policy document as an object, a JSON string, or the URL-encoded JSON the IAM API returns. */
function policyDocument(value: unknown, where: string): PolicyDocument {
  let document = value;
  if (typeof document === 'string') {
    let text = document;
    if (/^\s*%7b/i.test(text)) {
      try {
        text = decodeURIComponent(text);
      } catch {
        throw new RoleFileError(`${where} is URL-encoded, but not validly (a % not followed by two hex digits).`);
      }
    }
    try {
      document = JSON.parse(text);
    } catch {
      throw new RoleFileError(`${where} is a string that is not a JSON policy document.`);
    }
  }
  const problem = policyDocumentProblem(document);
  if (problem) throw new RoleFileError(`${where}${problem}.`);
  return document as PolicyDocument;
}
