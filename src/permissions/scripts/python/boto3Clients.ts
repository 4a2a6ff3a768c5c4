import type { SyntaxNode } from '@lezer/common';
import type { ScriptCallKind } from '../scriptAnalysis.js';
import type { Arg } from './expressions.js';
import type { Interpreter } from './interpreter.js';
import type { Scope } from './scope.js';
import type { Value } from './value.js';
import { stringLiteral } from './pythonSource.js';

/** Client attributes and helpers that are not API operations and need no permission. */
const CLIENT_NON_OPERATIONS = new Set([
  'meta',
  'exceptions',
  'close',
  'can_paginate',
  'waiter_names',
  'get_paginator',
  'get_waiter',
]);

/*
 * Methods that boto3 injects into the S3 client (boto3/s3/inject.py; boto3 docs "S3.Client.upload_file",
 * "download_file", "copy"): managed transfers built on PutObject/multipart upload, GetObject and CopyObject.
 * s3:PutObject also covers the multipart operations, s3:GetObject covers HeadObject.
 */
const S3_TRANSFER_METHODS: Record<string, string> = {
  upload_file: 'PutObject',
  upload_fileobj: 'PutObject',
  download_file: 'GetObject',
  download_fileobj: 'GetObject',
  copy: 'CopyObject',
};

/** `client.describe_instances` without a call: a method that can be called later. */
export function clientAttribute(client: { services: string[] | null }, attr: string): Value | undefined {
  if (client.services !== null && !CLIENT_NON_OPERATIONS.has(attr))
    return { kind: 'boundMethod', services: client.services, method: attr };
  return undefined;
}

/** `getattr(client, 'name')`: a method of the client, whose name is unknown unless it is one string. */
export function getattrOfClient(args: Arg[]): Value | undefined {
  const [object, name] = args;
  if (object?.value?.kind === 'client' && object.value.services !== null) {
    const method =
      name?.value?.kind === 'strings' && name.value.values.length === 1 ? (name.value.values[0] ?? null) : null;
    return { kind: 'boundMethod', services: object.value.services, method };
  }
  return undefined;
}

/** Calls a client method held in a variable; one fetched by a computed name is an unresolved call of each service. */
export function callBoundMethod(
  it: Interpreter,
  value: Extract<Value, { kind: 'boundMethod' }>,
  args: Arg[],
  node: SyntaxNode,
  scope: Scope,
): Value | undefined {
  if (value.method === null) {
    for (const service of value.services) {
      it.log.record(node, scope.region, {
        service,
        operation: null,
        method: 'getattr',
        kind: 'unresolved',
        confidence: 'unknown',
        text: it.source.of(node),
      });
    }
    return undefined;
  }
  return callClient(it, value, value.method, args, node, node.firstChild ?? node, scope).value;
}

/**
 * `client.method(...)`: the operation of each of the client's services (an unresolved call when no service has it),
 * paginators and waiters by name, presigned URLs by the operation they sign, and S3's managed transfer methods.
 */
export function callClient(
  it: Interpreter,
  client: { services: string[] | null },
  method: string,
  args: Arg[],
  node: SyntaxNode,
  callee: SyntaxNode,
  scope: Scope,
): { value: Value | undefined } {
  const services = client.services;
  if (services === null) return { value: undefined };
  if (method === 'get_paginator' || method === 'get_waiter') {
    const kind: ScriptCallKind = method === 'get_paginator' ? 'paginator' : 'waiter';
    const name = args.find((a) => a.name === null || a.name === 'operation_name' || a.name === 'waiter_name')?.value;
    const text = `${method}(${it.source.of(node.getChild('ArgList')).slice(1, -1)})`;
    for (const service of services) {
      const names = name?.kind === 'strings' ? name.values : [null];
      for (const value of names) {
        const operation =
          value === null
            ? undefined
            : kind === 'paginator'
              ? it.catalog.operationForSnakeCase(service, value)
              : it.catalog.waiterOperation(service, value);
        it.log.record(node, scope.region, {
          service,
          operation: operation ?? null,
          method,
          kind,
          confidence: operation ? 'certain' : 'unknown',
          text,
          key: value ?? '',
        });
      }
    }
    return { value: { kind } };
  }
  if (CLIENT_NON_OPERATIONS.has(method)) return { value: undefined };
  const text = it.source.of(callee);
  if (method === 'generate_presigned_url' || method === 'generate_presigned_post') {
    // A presigned URL is used with the signer's permissions: ClientMethod names the operation (boto3 S3 presigned URLs guide).
    const clientMethod =
      method === 'generate_presigned_post'
        ? { kind: 'strings' as const, values: ['put_object'] }
        : args.find((a) => a.name === 'ClientMethod' || a.name === null)?.value;
    for (const service of services) {
      const names = clientMethod?.kind === 'strings' ? clientMethod.values : [null];
      for (const value of names) {
        const operation = value === null ? undefined : it.catalog.operationForSnakeCase(service, value);
        it.log.record(node, scope.region, {
          service,
          operation: operation ?? null,
          method,
          kind: operation ? 'client' : 'unresolved',
          confidence: operation ? 'likely' : 'unknown',
          text,
          key: value ?? '',
        });
      }
    }
    return { value: undefined };
  }
  const resolved = services.map((service) => ({
    service,
    operation:
      it.catalog.operationForSnakeCase(service, method) ?? (service === 's3' ? S3_TRANSFER_METHODS[method] : undefined),
  }));
  const anyResolved = resolved.some((r) => r.operation !== undefined);
  for (const { service, operation } of resolved) {
    if (operation !== undefined) {
      const injected =
        service === 's3' &&
        S3_TRANSFER_METHODS[method] === operation &&
        it.catalog.operationForSnakeCase(service, method) === undefined;
      it.log.record(node, scope.region, {
        service,
        operation,
        method,
        kind: 'client',
        confidence: injected ? 'likely' : 'certain',
        text,
        arguments: argumentPaths(it, args),
      });
    } else if (!anyResolved) {
      it.log.record(node, scope.region, {
        service,
        operation: null,
        method,
        kind: 'unresolved',
        confidence: 'unknown',
        text,
      });
    }
  }
  return { value: undefined };
}

/** Keyword names of a call, with `Name.key` for each literal string key of a dict literal argument. */
function argumentPaths(it: { source: { of(node: SyntaxNode): string } }, args: Arg[]): string[] {
  const paths: string[] = [];
  for (const arg of args) {
    if (arg.star) paths.push('**');
    if (arg.name === null) continue;
    paths.push(arg.name);
    if (arg.node.name !== 'DictionaryExpression') {
      // A dict built elsewhere: its keys are not known, but it may hold any of them.
      if (['VariableName', 'CallExpression', 'MemberExpression', 'SubscriptExpression'].includes(arg.node.name))
        paths.push(`${arg.name}.*`);
      continue;
    }
    for (let child = arg.node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'String' && child.nextSibling?.name === ':')
        paths.push(`${arg.name}.${stringLiteral(it.source.of(child))}`);
    }
  }
  return paths;
}
