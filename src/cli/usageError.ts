/** A problem with how runbook-iam was called (exit code 2), printed as one line without a stack trace. */
export class UsageError extends Error {}
