// Live mode (--aws): generated policies checked by IAM Access Analyzer's ValidatePolicy (policy grammar and AWS's
// best practices), shown beside runbook-iam's own simulation. The SDK is imported on first use.
import type { PolicyDocument } from '../policy/roleInfo.js';
import { clientConfig } from './awsClientOptions.js';
import type { AwsClientOptions } from './awsClientOptions.js';
import { describeAwsError } from './awsError.js';

export interface PolicyToValidate {
  name: string;
  document: PolicyDocument;
  /** `trust` is validated as a resource policy of type AWS::IAM::AssumeRolePolicyDocument. */
  kind: 'identity' | 'trust';
}

export interface AnalyzerFinding {
  policy: string;
  /** ERROR, SECURITY_WARNING, WARNING or SUGGESTION. */
  findingType: string;
  issueCode: string;
  detail: string;
  learnMoreLink?: string;
}

export async function validatePolicies(
  policies: readonly PolicyToValidate[],
  options: AwsClientOptions = {},
): Promise<AnalyzerFinding[]> {
  if (policies.length === 0) return [];
  const analyzer = await import('@aws-sdk/client-accessanalyzer');
  const client = new analyzer.AccessAnalyzerClient(clientConfig(options));
  const findings: AnalyzerFinding[] = [];
  try {
    for (const policy of policies) {
      let nextToken: string | undefined;
      do {
        const page = await client
          .send(
            new analyzer.ValidatePolicyCommand({
              policyDocument: JSON.stringify(policy.document),
              policyType: policy.kind === 'trust' ? 'RESOURCE_POLICY' : 'IDENTITY_POLICY',
              ...(policy.kind === 'trust' ? { validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument' } : {}),
              ...(nextToken ? { nextToken } : {}),
            }),
          )
          .catch((error: unknown) => {
            throw describeAwsError(error, 'access-analyzer:ValidatePolicy', `policy ${policy.name}`);
          });
        for (const finding of page.findings ?? []) {
          findings.push({
            policy: policy.name,
            findingType: String(finding.findingType ?? 'UNKNOWN'),
            issueCode: finding.issueCode ?? '',
            detail: finding.findingDetails ?? '',
            ...(finding.learnMoreLink ? { learnMoreLink: finding.learnMoreLink } : {}),
          });
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
  } finally {
    client.destroy();
  }
  return findings;
}

/** Findings that should fail a run: grammar errors and security warnings. */
export function isBlockingFinding(finding: AnalyzerFinding): boolean {
  return finding.findingType === 'ERROR' || finding.findingType === 'SECURITY_WARNING';
}
