/** A live-mode failure, as one line that says what failed and what to do; the CLI prints it and exits with 2. */
export class AwsError extends Error {
  override name = 'AwsError';
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: { throttling?: boolean };
  cause?: unknown;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * Turns an SDK error into an AwsError. `operation` is the API call (`iam:GetRole`), `target` what it was about.
 * The message never contains credentials: it is built from the error's name and AWS's message, with any value of
 * the credential environment variables removed all the same.
 */
export function describeAwsError(error: unknown, operation: string, target: string): AwsError {
  if (error instanceof AwsError) return error;
  const shape: SdkErrorShape =
    typeof error === 'object' && error !== null ? (error as SdkErrorShape) : { message: String(error) };
  const name = shape.name ?? shape.Code ?? 'Error';
  const status = shape.$metadata?.httpStatusCode;
  const attempts = shape.$metadata?.attempts;
  const said = oneLine(shape.message ?? '');
  const code = networkCode(error);
  let message: string;
  if (
    name === 'CredentialsProviderError' ||
    /could not load credentials|no credentials|unable to find .*credentials/i.test(said)
  ) {
    message = `No AWS credentials found for --aws (${operation}): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run \`aws sso login\`; or leave out --aws to stay offline.`;
  } else if (
    name === 'AccessDenied' ||
    name === 'AccessDeniedException' ||
    name === 'UnauthorizedOperation' ||
    status === 403
  ) {
    message = `AWS denied ${operation} for ${target}${said ? ` (${said})` : ''}: the credentials in use need ${operation} on it.`;
  } else if (THROTTLING.has(name) || shape.$retryable?.throttling === true) {
    message = `AWS throttled ${operation} for ${target}${attempts ? ` and still did after ${attempts} attempts` : ''}; wait a minute and run again, or raise AWS_MAX_ATTEMPTS.`;
  } else if (name === 'NoSuchEntity' || name === 'NoSuchEntityException') {
    message = `${target} does not exist in the account (${operation}: ${said || name}); check the role ARN (--role-arn or the runbook's assumeRole default) and the credentials' account.`;
  } else if (code !== undefined || name === 'TimeoutError' || name === 'RequestTimeout') {
    message = `Cannot reach AWS for ${operation} (${code ?? name}): check the network, proxy and endpoint settings.`;
  } else if (
    /deserializ|parse|unexpected token|not valid json|xml/i.test(`${name} ${said}`) ||
    error instanceof SyntaxError
  ) {
    message = `AWS's answer to ${operation} for ${target} could not be read (${name}${said ? `: ${said}` : ''}); run again, and check that no proxy rewrites the response.`;
  } else {
    message = `${operation} for ${target} failed: ${name}${said && said !== name ? `: ${said}` : ''}${status ? ` (HTTP ${status})` : ''}.`;
  }
  return new AwsError(scrubSecrets(message));
}

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as SdkErrorShape).code;
    if (typeof code === 'string' && NETWORK.has(code)) return code;
    current = (current as SdkErrorShape).cause;
  }
  return undefined;
}

function oneLine(text: string): string {
  const line = text
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** Removes the values of the credential variables from a message, should AWS or a proxy ever echo one. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const variable of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID']) {
    const value = process.env[variable];
    if (value && value.length >= 8) scrubbed = scrubbed.replaceAll(value, `<${variable}>`);
  }
  return scrubbed;
}
