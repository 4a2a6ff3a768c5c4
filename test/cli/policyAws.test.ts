// Live mode through the CLI: the SDK clients reach the local server through the SDK's own endpoint variables
// (AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_ACCESSANALYZER), with fake credentials from the environment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setEnvironment } from '../helpers/environment.js';
import { main } from '../../src/cli/main.js';
import { iamError, ROLE_ARN, startFakeAwsServer } from '../aws/fakeAwsServer.js';
import type { FakeAwsServer } from '../aws/fakeAwsServer.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { ROOT } from '../policy/generate/helpers.js';

const SECRET = 'cliSecretKeyThatMustNeverBePrinted9876543210';
let server: FakeAwsServer;
let restoreEnvironment: () => void = () => {};

beforeAll(async () => {
  server = await startFakeAwsServer();
  const env = {
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL_IAM: server.url,
    AWS_ENDPOINT_URL_ACCESSANALYZER: server.url,
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
  };
  restoreEnvironment = setEnvironment(env);
});
afterAll(async () => {
  await server.close();
  restoreEnvironment();
});
beforeEach(() => server.reset());

async function run(...args: string[]) {
  const io = fakeIo({ cwd: ROOT });
  const code = await main(['node', 'runbook-iam', ...args], io);
  expect(io.out()).not.toContain(SECRET);
  expect(io.err()).not.toContain(SECRET);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('--aws through the CLI', () => {
  it('diff --aws reads the role (both pages of inline policies, the managed policy) and compares', async () => {
    const { code, stdout } = await run('diff', 'examples/restart-instance.yaml', '--aws', '--role-arn', ROLE_ARN);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ec2:StartInstances .* granted$/m);
    expect(stdout).toMatch(/^logs:\* .* excess: no step needs it$/m);
    expect(server.requests.filter((request) => request.action === 'ListRolePolicies')).toHaveLength(2);
  });

  it('diff --aws without a role ARN in the runbook asks for --role-arn', async () => {
    const { code, stderr } = await run('diff', 'examples/restart-instance.yaml', '--aws');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^runbook-iam: --aws reads the assume role from the account, but no runbook gives its ARN .* --role-arn/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('AccessDenied: one line, exit 2', async () => {
    server.respond('GetRole', () => ({
      status: 403,
      body: iamError(
        'AccessDenied',
        'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:GetRole',
      ),
    }));
    const { code, stdout, stderr } = await run(
      'lint',
      'examples/restart-instance.yaml',
      '--aws',
      '--role-arn',
      ROLE_ARN,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'runbook-iam: AWS denied iam:GetRole for role RestartInstanceRole (User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:GetRole): the credentials in use need iam:GetRole on it.\n',
    );
  });

  it('lint --aws lints with the role read from the account', async () => {
    const { code, stdout } = await run(
      'lint',
      'examples/restart-instance.yaml',
      '--aws',
      '--role-arn',
      ROLE_ARN,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).files).toEqual([{ path: 'examples/restart-instance.yaml', status: 'analyzed' }]);
    expect(server.requests[0]?.action).toBe('GetRole');
  });

  it("policy --aws shows Access Analyzer's findings beside the simulation, stdout unchanged", async () => {
    const offline = await run('policy', 'examples/restart-instance.yaml');
    const { code, stdout, stderr } = await run('policy', 'examples/restart-instance.yaml', '--aws');
    expect(code).toBe(0);
    expect(stdout).toBe(offline.stdout);
    expect(stderr).toContain('runbook-iam: simulation: 6 of 6 needs allowed');
    expect(stderr).toContain('runbook-iam: Access Analyzer: RestartInstancePolicy: SUGGESTION EXAMPLE_SUGGESTION: ');
    expect(server.requests.map((request) => request.action)).toEqual(['ValidatePolicy', 'ValidatePolicy']);
  });

  it('policy --aws: an ERROR finding makes the exit code 1', async () => {
    server.respond('ValidatePolicy', () => ({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        findings: [
          {
            findingType: 'ERROR',
            issueCode: 'INVALID_ARN_RESOURCE',
            findingDetails: 'Resource ARN does not match the expected ARN format.',
            learnMoreLink:
              'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
            locations: [],
          },
        ],
      }),
    }));
    const { code, stderr } = await run('policy', 'examples/restart-instance.yaml', '--aws');
    expect(code).toBe(1);
    expect(stderr).toContain('ERROR INVALID_ARN_RESOURCE: Resource ARN does not match the expected ARN format.');
  });

  it('no credentials: one line, exit 2', async () => {
    const key = process.env.AWS_ACCESS_KEY_ID;
    const secret = process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const home = process.env.HOME;
    process.env.HOME = '/nonexistent-runbook-iam-home';
    process.env.AWS_CONFIG_FILE = '/nonexistent-runbook-iam-home/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent-runbook-iam-home/credentials';
    try {
      const { code, stderr } = await run('diff', 'examples/restart-instance.yaml', '--aws', '--role-arn', ROLE_ARN);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^runbook-iam: No AWS credentials found for --aws \(iam:GetRole\)/);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = key;
      process.env.AWS_SECRET_ACCESS_KEY = secret;
      process.env.HOME = home;
      delete process.env.AWS_CONFIG_FILE;
      delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    }
  });
});
