import type { SyntaxNode } from '@lezer/common';
import { callClient, clientAttribute } from './boto3Clients.js';
import { callBoto3, callSession } from './boto3Factories.js';
import { callCollection, callResource, resourceAttribute } from './boto3Resources.js';
import type { Arg } from './expressions.js';
import type { Interpreter } from './interpreter.js';
import type { Scope } from './scope.js';
import type { Value } from './value.js';

/** `object.attr` when the object is a boto3 value; null when it is not, so that the generic rules apply. */
export function awsAttribute(
  it: Interpreter,
  object: Value | undefined,
  attr: string,
  node: SyntaxNode,
  scope: Scope,
): { value: Value | undefined } | null {
  switch (object?.kind) {
    case 'module':
      return { value: { kind: 'module', path: `${object.path}.${attr}` } };
    case 'resource':
      return { value: resourceAttribute(it, object, attr, node, scope) };
    case 'resourceMeta':
      return { value: attr === 'client' ? { kind: 'client', services: object.services } : undefined };
    case 'client':
      return { value: clientAttribute(object, attr) };
    default:
      return null;
  }
}

/** `object.method(...)` when the object is a boto3 value; null when it is not, so that the generic rules apply. */
export function callAwsMethod(
  it: Interpreter,
  object: Value | undefined,
  method: string,
  args: Arg[],
  node: SyntaxNode,
  callee: SyntaxNode,
  scope: Scope,
): { value: Value | undefined } | null {
  switch (object?.kind) {
    case 'module':
      return { value: callBoto3(it, `${object.path}.${method}`, args, node, scope) };
    case 'session':
      return { value: callSession(it, method, args, node, scope) };
    case 'client':
      return callClient(it, object, method, args, node, callee, scope);
    case 'resource':
      return { value: callResource(it, object, method, node, scope) };
    case 'collection':
      return { value: callCollection(it, object, method, node, scope) };
    case 'resourceMeta':
    case 'paginator':
    case 'waiter':
      return { value: undefined };
    default:
      return null;
  }
}
