import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { clientConfig, DEFAULT_AWS_TIMEOUTS } from '../../src/aws/awsClientOptions.js';
import { fetchRole } from '../../src/aws/fetchRole.js';
import { setEnvironment } from '../helpers/environment.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { ROOT } from '../policy/generate/helpers.js';

/**
 * --aws against an endpoint on 127.0.0.1 that accepts connections and never answers: a clear error after the request
 * timeout, never a hang.
 */
let server: Server;
let url: string;
const sockets = new Set<Socket>();
let restoreEnvironment: () => void = () => {};

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // Reads the request, answers nothing.
    socket.resume();
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  restoreEnvironment = setEnvironment({
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secretKeyForATimeoutTest0000000000000000',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL_IAM: url,
    AWS_ENDPOINT_URL_ACCESSANALYZER: url,
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    RUNBOOK_IAM_AWS_TIMEOUT_MS: '400',
  });
});
afterAll(async () => {
  restoreEnvironment();
  for (const socket of sockets) socket.destroy();
  await new Promise((closed) => server.close(closed));
});

describe('--aws timeouts', () => {
  it('every client is made with a connect and a request timeout', () => {
    expect(clientConfig({ timeoutMs: 1234 }).requestHandler).toEqual({
      connectionTimeout: 1234,
      requestTimeout: 1234,
      socketTimeout: 1234,
      throwOnRequestTimeout: true,
    });
    const restore = setEnvironment({ RUNBOOK_IAM_AWS_TIMEOUT_MS: undefined });
    try {
      expect(clientConfig({}).requestHandler).toEqual({
        connectionTimeout: DEFAULT_AWS_TIMEOUTS.connectMs,
        requestTimeout: DEFAULT_AWS_TIMEOUTS.answerMs,
        socketTimeout: DEFAULT_AWS_TIMEOUTS.answerMs,
        throwOnRequestTimeout: true,
      });
    } finally {
      restore();
    }
  });

  it('fetchRole from a server that never answers fails within seconds with a network message', async () => {
    const start = performance.now();
    await expect(fetchRole('arn:aws:iam::123456789012:role/R', { endpoint: url })).rejects.toThrow(
      /Cannot reach AWS for iam:GetRole/,
    );
    expect(performance.now() - start).toBeLessThan(5000);
  }, 20_000);

  it('diff --aws through the CLI: exit 2 with one line, within seconds', async () => {
    const io = fakeIo({ cwd: ROOT });
    const start = performance.now();
    const code = await main(
      [
        'node',
        'runbook-iam',
        'diff',
        'examples/restart-instance.yaml',
        '--aws',
        '--role-arn',
        'arn:aws:iam::123456789012:role/R',
      ],
      io,
    );
    expect(performance.now() - start).toBeLessThan(5000);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/^runbook-iam: Cannot reach AWS for iam:GetRole \(\w+\)/);
  }, 20_000);
});
