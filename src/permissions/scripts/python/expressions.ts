import type { SyntaxNode } from '@lezer/common';
import { awsAttribute, callAwsMethod } from './boto3Values.js';
import { iterationItem } from './boto3Resources.js';
import { callBoundMethod, getattrOfClient } from './boto3Clients.js';
import { callBoto3 } from './boto3Factories.js';
import { parameters } from './functionTable.js';
import type { Interpreter } from './interpreter.js';
import { attributeKey } from './programState.js';
import { childList, stringLiteral } from './pythonSource.js';
import { assignName, lookupName } from './scope.js';
import type { Scope } from './scope.js';
import { joinBranches, joinValues } from './value.js';
import type { Value } from './value.js';

/** The value of an expression, as far as the analysis follows it; evaluating it records the AWS calls it makes. */
export function evaluateExpression(it: Interpreter, node: SyntaxNode, scope: Scope): Value | undefined {
  switch (node.name) {
    case 'VariableName':
      return lookupName(it, it.source.of(node), scope);
    case 'String':
      return { kind: 'strings', values: [stringLiteral(it.source.of(node))] };
    case 'ParenthesizedExpression': {
      const inner = childList(node).filter((c) => c.name !== '(' && c.name !== ')');
      return inner.length === 1 && inner[0] ? it.evaluate(inner[0], scope) : evaluateCollection(it, node, scope);
    }
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'SetExpression':
    case 'DictionaryExpression':
      return evaluateCollection(it, node, scope);
    case 'ConditionalExpression': {
      const parts = childList(node).filter((c) => c.name !== 'if' && c.name !== 'else');
      const [then, condition, otherwise] = parts;
      if (condition) it.evaluate(condition, scope);
      const a = then ? it.evaluate(then, scope) : undefined;
      const b = otherwise ? it.evaluate(otherwise, scope) : undefined;
      return joinBranches(a, b);
    }
    case 'BinaryExpression': {
      const [left, op, right] = childList(node);
      const a = left ? it.evaluate(left, scope) : undefined;
      const b = right ? it.evaluate(right, scope) : undefined;
      // `x or boto3.client(...)` and `client = cached and cached` keep the AWS value of either side.
      if (op && (op.name === 'or' || op.name === 'and')) return joinBranches(a, b);
      return undefined;
    }
    case 'MemberExpression':
      return evaluateMember(it, node, scope);
    case 'CallExpression':
      return evaluateCall(it, node, scope);
    case 'ArrayComprehensionExpression':
    case 'SetComprehensionExpression':
    case 'DictionaryComprehensionExpression':
    case 'ComprehensionExpression':
      return evaluateComprehension(it, node, scope);
    case 'LambdaExpression': {
      const locals = new Map(scope.locals);
      for (const param of parameters(node.getChild('ParamList'), it.source)) locals.delete(param.name);
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.name !== 'ParamList') it.exec(child, { ...scope, locals });
      }
      return undefined;
    }
    case 'AwaitExpression':
    case 'NamedExpression': {
      let last: Value | undefined;
      for (let child = node.firstChild; child; child = child.nextSibling) last = it.evaluate(child, scope);
      if (node.name === 'NamedExpression' && node.firstChild?.name === 'VariableName' && last) {
        assignName(it, it.source.of(node.firstChild), last, scope);
      }
      return last;
    }
    default:
      evaluateChildren(it, node, scope);
      return undefined;
  }
}

/** Runs every child of a node (but `skip`), for the calls they make. */
export function evaluateChildren(it: Interpreter, node: SyntaxNode, scope: Scope, skip?: SyntaxNode): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (!skip || child.from !== skip.from || child.to !== skip.to || child.name !== skip.name) it.exec(child, scope);
  }
}

/** A list, tuple, set or dict display: all strings, or a list of what its (dict: value) items may hold. */
function evaluateCollection(it: Interpreter, node: SyntaxNode, scope: Scope): Value | undefined {
  const values: (Value | undefined)[] = [];
  const isDict = node.name === 'DictionaryExpression';
  let afterColon = false;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (['(', ')', '[', ']', '{', '}', ',', '*', '**'].includes(child.name)) {
      afterColon = false;
      continue;
    }
    if (child.name === ':') {
      afterColon = true;
      continue;
    }
    const value = it.evaluate(child, scope);
    if (!isDict || afterColon) values.push(value);
  }
  if (values.length > 0 && values.every((v) => v?.kind === 'strings')) {
    return { kind: 'strings', values: values.flatMap((v) => (v?.kind === 'strings' ? v.values : [])) };
  }
  let item: Value | undefined;
  for (const value of values) if (value && value.kind !== 'strings') item = joinValues(item, value) ?? value;
  return item ? { kind: 'list', item } : undefined;
}

/** `[f(x) for x in xs if c]`: its targets bound to the items of its iterables, in a scope of its own. */
function evaluateComprehension(it: Interpreter, node: SyntaxNode, scope: Scope): Value | undefined {
  const inner: Scope = { ...scope, locals: new Map(scope.locals), globalNames: new Set() };
  const children = childList(node);
  const firstFor = children.findIndex((c) => c.name === 'for');
  for (let i = firstFor; i >= 0 && i < children.length; i++) {
    const child = children[i] as SyntaxNode;
    if (child.name !== 'for') continue;
    const inAt = children.findIndex((c, j) => j > i && c.name === 'in');
    const iterNode = children[inAt + 1];
    const iterValue = iterNode ? it.evaluate(iterNode, inner) : undefined;
    for (const target of children.slice(i + 1, inAt))
      if (target.name !== ',') it.assign(target, iterationItem(iterValue), inner);
    i = inAt + 1;
  }
  let element: Value | undefined;
  children.forEach((child, index) => {
    if (['(', ')', '[', ']', '{', '}', ':', 'for', 'in', 'if', 'async'].includes(child.name)) return;
    // Targets and iterables were handled above; only the element and the conditions are left.
    if (index > firstFor && firstFor >= 0 && children[index - 1]?.name !== 'if') return;
    const value = it.evaluate(child, inner);
    if (firstFor < 0 || index < firstFor) element = element ?? value;
  });
  return element && element.kind !== 'strings' ? { kind: 'list', item: element } : undefined;
}

/** `object.attr` and `object[index]`. */
function evaluateMember(it: Interpreter, node: SyntaxNode, scope: Scope): Value | undefined {
  const object = node.firstChild;
  if (!object) return undefined;
  const objectValue = it.evaluate(object, scope);
  const property = node.getChild('PropertyName');
  if (!property) {
    evaluateChildren(it, node, scope, object);
    const stored = it.state.attribute(attributeKey(objectValue, it.source.of(object), '[]'));
    return stored ?? (objectValue?.kind === 'list' ? objectValue.item : undefined);
  }
  return attributeOf(it, objectValue, object, it.source.of(property), node, scope);
}

/**
 * `object.attr`: for an AWS value, what boto3 gives; else an attribute stored on the object, or the methods of that name
 * (of the object's class when known, else of every class), which the current region then refers to.
 */
function attributeOf(
  it: Interpreter,
  objectValue: Value | undefined,
  objectNode: SyntaxNode,
  attr: string,
  node: SyntaxNode,
  scope: Scope,
): Value | undefined {
  const aws = awsAttribute(it, objectValue, attr, node, scope);
  if (aws !== null) return aws.value;
  const stored = it.state.attribute(attributeKey(objectValue, it.source.of(objectNode), attr));
  const methods =
    objectValue?.kind === 'instance' || objectValue?.kind === 'class'
      ? [`${objectValue.kind === 'instance' ? objectValue.cls : objectValue.name}.${attr}`].filter((k) =>
          it.table.functions.has(k),
        )
      : [];
  const candidates = methods.length > 0 ? methods : it.table.methodsNamed(attr);
  for (const method of candidates) it.log.addEdge(scope.region, method);
  if (stored) return stored;
  if (candidates.length > 0)
    return {
      kind: 'function',
      keys: candidates,
      bound: objectValue?.kind === 'instance' || objectValue === undefined,
    };
  return undefined;
}

/** An argument of a call: positional (`name` null), keyword, or `*args`/`**kwargs` (`star`). */
export interface Arg {
  name: string | null;
  value: Value | undefined;
  node: SyntaxNode;
  star: boolean;
}

/** `callee(args)`: a method of an AWS value, a boto3 factory, a user function or class, or getattr on a client. */
function evaluateCall(it: Interpreter, node: SyntaxNode, scope: Scope): Value | undefined {
  const callee = node.firstChild;
  if (!callee) return undefined;
  const argList = node.getChild('ArgList');
  const property = callee.name === 'MemberExpression' ? callee.getChild('PropertyName') : null;
  if (callee.name === 'MemberExpression' && property && callee.firstChild) {
    const objectNode = callee.firstChild;
    const objectValue = it.evaluate(objectNode, scope);
    const args = evaluateArgs(it, argList, scope);
    const method = it.source.of(property);
    const handled = callAwsMethod(it, objectValue, method, args, node, callee, scope);
    if (handled !== null) return handled.value;
    const target = attributeOf(it, objectValue, objectNode, method, callee, scope);
    return callValue(it, target, args, node, scope);
  }
  const calleeValue = it.evaluate(callee, scope);
  const args = evaluateArgs(it, argList, scope);
  if (callee.name === 'VariableName' && it.source.of(callee) === 'getattr' && calleeValue === undefined)
    return getattrOfClient(args);
  return callValue(it, calleeValue, args, node, scope);
}

function evaluateArgs(it: Interpreter, argList: SyntaxNode | null, scope: Scope): Arg[] {
  const args: Arg[] = [];
  if (!argList) return args;
  if (argList.getChild('for')) {
    evaluateComprehension(it, argList, scope);
    return args;
  }
  for (let child = argList.firstChild; child; child = child.nextSibling) {
    if (['(', ')', ','].includes(child.name)) continue;
    if (child.name === 'VariableName' && child.nextSibling?.name === 'AssignOp' && child.nextSibling.nextSibling) {
      const valueNode = child.nextSibling.nextSibling;
      args.push({ name: it.source.of(child), value: it.evaluate(valueNode, scope), node: valueNode, star: false });
      child = valueNode;
    } else if ((child.name === '*' || child.name === '**') && child.nextSibling) {
      const valueNode = child.nextSibling;
      args.push({ name: null, value: it.evaluate(valueNode, scope), node: valueNode, star: true });
      child = valueNode;
    } else {
      args.push({ name: null, value: it.evaluate(child, scope), node: child, star: false });
    }
  }
  return args;
}

/** Calls `value(...)`: boto3 factories, user functions and classes, methods fetched with getattr. */
function callValue(
  it: Interpreter,
  value: Value | undefined,
  args: Arg[],
  node: SyntaxNode,
  scope: Scope,
): Value | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'module':
      return callBoto3(it, value.path, args, node, scope);
    case 'function':
      return callFunction(it, value.keys, value.bound, args);
    case 'class': {
      const init = `${value.name}.__init__`;
      if (it.table.functions.has(init)) callFunction(it, [init], true, args);
      return { kind: 'instance', cls: value.name };
    }
    case 'boundMethod':
      return callBoundMethod(it, value, args, node, scope);
    default:
      return undefined;
  }
}

/**
 * Calls user functions: binds the arguments to their parameters (skipping `self` for a bound method) for their next
 * analysis, and gives what they return as far as known so far.
 */
function callFunction(it: Interpreter, keys: string[], bound: boolean, args: Arg[]): Value | undefined {
  let result: Value | undefined;
  for (const key of keys) {
    const info = it.table.functions.get(key);
    if (!info) continue;
    const skip = bound && info.className !== null && !info.isStatic ? 1 : 0;
    const params = info.params.slice(skip);
    let position = 0;
    for (const arg of args) {
      if (arg.star) continue;
      if (arg.name !== null) {
        if (params.some((p) => p.name === arg.name)) it.state.bindParam(key, arg.name, arg.value);
      } else {
        const param = params[position++];
        if (param && !param.star) it.state.bindParam(key, param.name, arg.value);
      }
    }
    const returned = it.state.returnOf(key);
    if (returned) result = joinValues(result, returned) ?? returned;
  }
  return result;
}
