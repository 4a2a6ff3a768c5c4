import type { SyntaxNode } from '@lezer/common';
import type { Arg } from './expressions.js';
import type { Interpreter } from './interpreter.js';
import type { Scope } from './scope.js';
import type { Value } from './value.js';

/**
 * Calls a boto3/botocore module function by its dotted path: `boto3.client('ec2')` and `boto3.resource('s3')` make a
 * client or resource of that service; sessions make clients and resources the same way.
 */
export function callBoto3(
  it: Interpreter,
  path: string,
  args: Arg[],
  node: SyntaxNode,
  scope: Scope,
): Value | undefined {
  switch (path) {
    case 'boto3.client':
    case 'boto3.session.Session.client':
      return createClient(it, args, node, scope, 'client');
    case 'boto3.resource':
      return createResource(it, args, node, scope);
    case 'boto3.Session':
    case 'boto3.session.Session':
    case 'botocore.session.get_session':
    case 'botocore.session.Session':
    case 'botocore.session.create_session':
      it.log.usesAws = true;
      return { kind: 'session' };
    case 'boto3.setup_default_session':
      it.log.usesAws = true;
      return undefined;
    default:
      return undefined;
  }
}

/** `session.client(...)` (boto3), `session.create_client(...)` (botocore), `session.resource(...)`. */
export function callSession(
  it: Interpreter,
  method: string,
  args: Arg[],
  node: SyntaxNode,
  scope: Scope,
): Value | undefined {
  if (method === 'client' || method === 'create_client') return createClient(it, args, node, scope, method);
  if (method === 'resource') return createResource(it, args, node, scope);
  return undefined;
}

/** The service name argument: `service_name=`, else the first positional argument. */
function serviceArg(args: Arg[]): Value | undefined {
  return (args.find((a) => a.name === 'service_name') ?? args.find((a) => a.name === null && !a.star))?.value;
}

/** A client of the services its name may be; a name computed at run time is recorded as a dynamic client. */
function createClient(it: Interpreter, args: Arg[], node: SyntaxNode, scope: Scope, method: string): Value {
  it.log.usesAws = true;
  const service = serviceArg(args);
  if (service?.kind === 'strings') return { kind: 'client', services: [...new Set(service.values)] };
  it.log.record(node, scope.region, {
    service: null,
    operation: null,
    method,
    kind: 'dynamic-client',
    confidence: 'unknown',
    text: it.source.of(node),
  });
  return { kind: 'client', services: null };
}

function createResource(it: Interpreter, args: Arg[], node: SyntaxNode, scope: Scope): Value {
  it.log.usesAws = true;
  const service = serviceArg(args);
  if (service?.kind === 'strings')
    return { kind: 'resource', services: [...new Set(service.values)], type: 'ServiceResource' };
  it.log.record(node, scope.region, {
    service: null,
    operation: null,
    method: 'resource',
    kind: 'dynamic-client',
    confidence: 'unknown',
    text: it.source.of(node),
  });
  return { kind: 'resource', services: null, type: 'ServiceResource' };
}
