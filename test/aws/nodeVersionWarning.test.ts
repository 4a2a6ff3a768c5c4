import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startFakeAwsServer } from './fakeAwsServer.js';
import type { FakeAwsServer } from './fakeAwsServer.js';

const fetchRoleModule = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'src', 'aws', 'fetchRole.js')).href;
const nodeMajor = Number(process.versions.node.split('.')[0]);
let server: FakeAwsServer;
beforeAll(async () => {
  server = await startFakeAwsServer();
});
afterAll(() => server.close());

/** Reads the role from the local server in a new Node process (the SDK warns once per process); returns stderr. */
async function stderrOfLiveCall(extraEnvironment: Record<string, string>): Promise<string> {
  const script = `const { fetchRole } = await import(${JSON.stringify(fetchRoleModule)});
const role = await fetchRole(${JSON.stringify(ROLE_ARN)}, { endpoint: ${JSON.stringify(server.url)}, maxAttempts: 1 });
process.stdout.write(role.name);`;
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && name !== 'NODE_OPTIONS'),
  );
  // Asynchronous: the local server answers from this process's event loop.
  const result = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: {
      ...environment,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'fakeSecretKey',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...extraEnvironment,
    },
  });
  expect(result.stdout).toBe('RestartInstanceRole');
  return result.stderr;
}

describe("the AWS SDK's Node.js version notice", () => {
  it('does not reach the user on a supported Node.js version', async () => {
    expect(await stderrOfLiveCall({})).not.toContain('NodeVersionSupportWarning');
  });

  it.skipIf(nodeMajor >= 22)('is still shown when the user asks for it (and this test would see it)', async () => {
    expect(await stderrOfLiveCall({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' })).toContain(
      'NodeVersionSupportWarning',
    );
  });
});
