// Options shared by the live-mode clients. Credentials always come from the SDK's default provider chain
// (environment, shared config/SSO, container and instance metadata); runbook-iam never reads or prints them itself.

export interface AwsClientOptions {
  /** Region for signing and for Access Analyzer (IAM is global). Default: AWS_REGION, AWS_DEFAULT_REGION, us-east-1. */
  region?: string;
  /** Another endpoint (tests, VPC endpoints). The SDK also reads AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_ACCESSANALYZER. */
  endpoint?: string;
  /** Attempts per call including the first (default: the SDK's, 3, or AWS_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /**
   * Base delay of an exponential backoff between attempts, in milliseconds. Unset: the SDK's standard retry strategy
   * and its delays; set (tests use 1): a strategy that retries the same errors with this base delay.
   */
  retryBaseDelayMs?: number;
  /**
   * How long to wait for a connection, and for each answer once connected, in milliseconds. Default:
   * RUNBOOK_IAM_AWS_TIMEOUT_MS, else 5,000 to connect and 30,000 to answer: an endpoint that never answers (a black-holed
   * proxy, a wrong VPC endpoint) is an error, not a hang.
   */
  timeoutMs?: number;
}

/**
 * The SDK for JavaScript v3 prints an 8-line `NodeVersionSupportWarning` on the first client call under Node < 22,
 * announcing that SDK releases after January 2027 will need Node 22. runbook-iam pins its SDK version and supports
 * the Node versions its `engines` field names (20.19 and later), so on those the notice tells the user nothing they
 * can act on; the SDK's documented switch turns it off, unless the user set the variable themselves.
 * https://github.com/aws/aws-sdk-js-v3/issues/7983 (the announcement, which names the variable)
 */
export function silenceSdkNodeVersionWarning(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const supported = major > 20 || (major === 20 && minor >= 19);
  if (supported) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

export const DEFAULT_AWS_TIMEOUTS = { connectMs: 5_000, answerMs: 30_000 };

/** Client configuration for an SDK v3 client. */
export function clientConfig(options: AwsClientOptions): Record<string, unknown> {
  silenceSdkNodeVersionWarning();
  return {
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    requestHandler: requestTimeouts(options),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.retryBaseDelayMs !== undefined
      ? { retryStrategy: shortRetryStrategy(options.maxAttempts ?? 3, options.retryBaseDelayMs) }
      : {}),
  };
}

/**
 * NodeHttpHandler options: connectionTimeout (TCP and TLS connect), requestTimeout (the whole answer; an error only
 * with throwOnRequestTimeout, otherwise just a logged warning) and socketTimeout (an idle socket).
 */
function requestTimeouts(options: AwsClientOptions): Record<string, number | boolean> {
  const fromEnvironment = Number(process.env.RUNBOOK_IAM_AWS_TIMEOUT_MS);
  const timeout =
    options.timeoutMs ?? (Number.isFinite(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : undefined);
  return {
    connectionTimeout: timeout ?? DEFAULT_AWS_TIMEOUTS.connectMs,
    requestTimeout: timeout ?? DEFAULT_AWS_TIMEOUTS.answerMs,
    socketTimeout: timeout ?? DEFAULT_AWS_TIMEOUTS.answerMs,
    throwOnRequestTimeout: true,
  };
}

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/**
 * A RetryStrategyV2 (the interface the SDK's retry middleware calls) that retries throttling, transient and server
 * errors — the errors the SDK's standard strategy retries — with `baseDelayMs * 2^n` between attempts.
 */
function shortRetryStrategy(maxAttempts: number, baseDelayMs: number): object {
  const token = (count: number): RetryToken => ({
    getRetryCount: () => count,
    getRetryDelay: () => (count === 0 ? 0 : baseDelayMs * 2 ** (count - 1)),
  });
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: { errorType?: string }) => {
      const retryable =
        info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT' || info.errorType === 'SERVER_ERROR';
      if (!retryable || previous.getRetryCount() + 1 >= maxAttempts) throw new Error('No retry token available');
      return token(previous.getRetryCount() + 1);
    },
    recordSuccess: () => undefined,
  };
}
