import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setEnvironment } from '../helpers/environment.js';
import { AwsError } from '../../src/aws/awsError.js';
import { fetchRole } from '../../src/aws/fetchRole.js';
import { validatePolicies } from '../../src/aws/validatePolicy.js';
import { iamError, MANAGED_ARN, MANAGED_DOCUMENT, ROLE_ARN, startFakeAwsServer } from './fakeAwsServer.js';
import type { FakeAwsServer } from './fakeAwsServer.js';

const SECRET = 'fakeSecretKeyThatMustNeverBePrinted0123456789';
let server: FakeAwsServer;
let restoreEnvironment: () => void = () => {};

beforeAll(async () => {
  server = await startFakeAwsServer();
  restoreEnvironment = setEnvironment({
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
  });
});
afterAll(async () => {
  await server.close();
  restoreEnvironment();
});
beforeEach(() => server.reset());

const options = () => ({ endpoint: server.url, maxAttempts: 3, retryBaseDelayMs: 1 });

async function failure(promise: Promise<unknown>): Promise<AwsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AwsError);
  const message = (error as AwsError).message;
  expect(message).not.toContain(SECRET);
  expect(message.split('\n')).toHaveLength(1);
  return error as AwsError;
}

describe('fetchRole (IAM Query protocol against a local server)', () => {
  it("reads the role, both pages of inline policies and the managed policy's default version", async () => {
    const role = await fetchRole(ROLE_ARN, options());
    expect(role.name).toBe('RestartInstanceRole');
    expect(role.arn).toBe(ROLE_ARN);
    expect(role.trustPolicy).toMatchObject({ Statement: [{ Principal: { Service: 'ssm.amazonaws.com' } }] });
    expect(role.policies.map((policy) => policy.name)).toEqual(['Describe', 'StopStart', 'ExtraLogs']);
    expect(role.policies[2]).toMatchObject({ arn: MANAGED_ARN, managed: false, document: MANAGED_DOCUMENT });
    expect(role.problems).toEqual([]);
    expect(server.requests.map((request) => request.action)).toEqual([
      'GetRole',
      'ListRolePolicies',
      'ListRolePolicies',
      'GetRolePolicy',
      'GetRolePolicy',
      'ListAttachedRolePolicies',
      'GetPolicy',
      'GetPolicyVersion',
    ]);
    // Pagination: the second page is asked for with the first page's Marker.
    expect(server.requests[2]?.params.Marker).toBe('page-2');
    expect(server.requests[7]?.params.VersionId).toBe('v2');
    // Signed with the credentials from the environment (default provider chain); the secret itself is never sent.
    expect(server.requests[0]?.authorization).toContain('Credential=AKIAIOSFODNN7EXAMPLE/');
    expect(
      server.requests.some((request) => request.body.includes(SECRET) || request.authorization.includes(SECRET)),
    ).toBe(false);
  });

  it('AccessDenied is one line naming the call and the role', async () => {
    server.respond('GetRole', () => ({
      status: 403,
      body: iamError(
        'AccessDenied',
        'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:GetRole on resource: role RestartInstanceRole',
      ),
    }));
    const error = await failure(fetchRole(ROLE_ARN, options()));
    expect(error.message).toMatch(
      /^AWS denied iam:GetRole for role RestartInstanceRole \(User: .* is not authorized .*\): the credentials in use need iam:GetRole on it\.$/,
    );
  });

  it('throttling is retried by the SDK, and succeeds when the throttling stops', async () => {
    server.respond('GetRole', (_, count) =>
      count < 2 ? { status: 400, body: iamError('Throttling', 'Rate exceeded') } : undefined,
    );
    const role = await fetchRole(ROLE_ARN, options());
    expect(role.name).toBe('RestartInstanceRole');
    expect(server.requests.filter((request) => request.action === 'GetRole')).toHaveLength(3);
  });

  it('throttling that outlasts the attempts is a clear message', async () => {
    server.respond('ListAttachedRolePolicies', () => ({ status: 400, body: iamError('Throttling', 'Rate exceeded') }));
    const error = await failure(fetchRole(ROLE_ARN, options()));
    expect(error.message).toBe(
      'AWS throttled iam:ListAttachedRolePolicies for role RestartInstanceRole and still did after 3 attempts; wait a minute and run again, or raise AWS_MAX_ATTEMPTS.',
    );
    expect(server.requests.filter((request) => request.action === 'ListAttachedRolePolicies')).toHaveLength(3);
  });

  it('a malformed response is a clear message, not a crash', async () => {
    server.respond('GetRolePolicy', () => ({
      status: 200,
      body: '<GetRolePolicyResponse><GetRolePolicyResult><PolicyDocument>%7B%22oops',
    }));
    const error = await failure(fetchRole(ROLE_ARN, options()));
    expect(error.message).toMatch(/iam:GetRolePolicy|cannot read/);
  });

  it('a role that does not exist says so', async () => {
    server.respond('GetRole', () => ({
      status: 404,
      body: iamError('NoSuchEntity', 'The role with name Missing cannot be found.'),
    }));
    const error = await failure(fetchRole('Missing', options()));
    expect(error.message).toMatch(
      /^role Missing does not exist in the account \(iam:GetRole: The role with name Missing cannot be found\.\)/,
    );
  });

  it('an unreachable endpoint is a network message', async () => {
    const error = await failure(
      fetchRole(ROLE_ARN, { endpoint: 'http://127.0.0.1:9', maxAttempts: 1, retryBaseDelayMs: 1 }),
    );
    expect(error.message).toMatch(/^Cannot reach AWS for iam:GetRole \(ECONNREFUSED\)/);
  });
});

describe('validatePolicies (Access Analyzer REST-JSON protocol against a local server)', () => {
  it('sends each policy with its type and follows nextToken', async () => {
    const findings = await validatePolicies(
      [
        {
          name: 'Identity',
          kind: 'identity',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' }],
          },
        },
        {
          name: 'Trust',
          kind: 'trust',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      ],
      options(),
    );
    expect(findings).toEqual([
      expect.objectContaining({ policy: 'Identity', findingType: 'SUGGESTION', issueCode: 'EXAMPLE_SUGGESTION' }),
      expect.objectContaining({ policy: 'Trust', findingType: 'SUGGESTION' }),
    ]);
    const bodies = server.requests.map((request) => JSON.parse(request.body) as Record<string, string>);
    expect(bodies.map((body) => body.policyType)).toEqual([
      'IDENTITY_POLICY',
      'IDENTITY_POLICY',
      'RESOURCE_POLICY',
      'RESOURCE_POLICY',
    ]);
    expect(bodies[2]?.validatePolicyResourceType).toBe('AWS::IAM::AssumeRolePolicyDocument');
    expect(server.requests[1]?.params.nextToken).toBe('next');
  });

  it('AccessDeniedException is one line', async () => {
    server.respond('ValidatePolicy', () => ({
      status: 403,
      contentType: 'application/json',
      body: JSON.stringify({ message: 'User is not authorized to perform: access-analyzer:ValidatePolicy' }),
    }));
    const error = await failure(
      validatePolicies([{ name: 'Identity', kind: 'identity', document: { Statement: [] } }], options()),
    );
    expect(error.message).toMatch(/^AWS denied access-analyzer:ValidatePolicy for policy Identity/);
  });
});
