import type { SyntaxNode } from '@lezer/common';
import { iterationItem } from './boto3Resources.js';
import { evaluateChildren } from './expressions.js';
import type { FunctionInfo } from './functionTable.js';
import { MODULE } from './functionTable.js';
import type { Interpreter } from './interpreter.js';
import { attributeKey } from './programState.js';
import { childList, stringLiteral } from './pythonSource.js';
import { assignName, MAIN_GUARD } from './scope.js';
import type { Scope } from './scope.js';
import type { Value } from './value.js';

/** Runs one statement; any other node is evaluated for the calls it makes. */
export function execStatement(it: Interpreter, node: SyntaxNode, scope: Scope): void {
  switch (node.name) {
    case 'AssignStatement':
      execAssign(it, node, scope);
      return;
    case 'ImportStatement':
      execImport(it, node, scope);
      return;
    case 'ScopeStatement':
      for (const name of node.getChildren('VariableName')) scope.globalNames.add(it.source.of(name));
      return;
    case 'ReturnStatement': {
      const expr = node.lastChild;
      const value = expr && expr.name !== 'return' ? it.evaluate(expr, scope) : undefined;
      if (scope.fn !== MODULE && value) it.state.addReturn(scope.fn, value);
      return;
    }
    case 'FunctionDefinition': {
      // The body runs when the function is analysed; here only the default values are evaluated.
      const info = it.table.atNode(node);
      const list = node.getChild('ParamList');
      if (list && info) bindDefaults(it, list, info, scope);
      return;
    }
    case 'DecoratedStatement':
      for (const decorator of node.getChildren('Decorator')) evaluateChildren(it, decorator, scope);
      for (const def of [node.getChild('FunctionDefinition'), node.getChild('ClassDefinition')])
        if (def) execStatement(it, def, scope);
      return;
    case 'ClassDefinition': {
      const name = it.source.of(node.getChild('VariableName'));
      const args = node.getChild('ArgList');
      if (args) evaluateChildren(it, args, scope);
      const body = node.getChild('Body');
      if (body) execBlock(it, body, { ...scope, locals: new Map(), cls: name });
      return;
    }
    case 'ForStatement':
      execFor(it, node, scope);
      return;
    case 'WithStatement':
    case 'TryStatement':
      execWithAs(it, node, scope);
      return;
    case 'IfStatement':
      execIf(it, node, scope);
      return;
    case 'Body':
      execBlock(it, node, scope);
      return;
    default:
      if (node.name.endsWith('Statement') || node.name === 'Script') execBlock(it, node, scope);
      else it.evaluate(node, scope);
  }
}

export function execBlock(it: Interpreter, node: SyntaxNode, scope: Scope): void {
  for (let child = node.firstChild; child; child = child.nextSibling) execStatement(it, child, scope);
}

/** `a = b = value`, `a, b = x, y`, `a, b = pair`. */
function execAssign(it: Interpreter, node: SyntaxNode, scope: Scope): void {
  const groups: SyntaxNode[][] = [[]];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'AssignOp') groups.push([]);
    else if (child.name !== ',' && child.name !== 'TypeDef') groups[groups.length - 1]?.push(child);
  }
  const valueNodes = groups.pop() ?? [];
  const values = valueNodes.map((n) => it.evaluate(n, scope));
  for (const targets of groups) {
    if (targets.length === values.length) targets.forEach((t, i) => assignTarget(it, t, values[i], scope));
    else if (targets.length === 1 && values.length > 1) assignTarget(it, targets[0] as SyntaxNode, undefined, scope);
    else
      for (const t of targets)
        assignTarget(it, t, values.length === 1 && values[0]?.kind === 'list' ? values[0].item : undefined, scope);
  }
}

export function assignTarget(it: Interpreter, target: SyntaxNode, value: Value | undefined, scope: Scope): void {
  if (target.name === 'VariableName') {
    const name = it.source.of(target);
    if (scope.cls !== null) it.state.setAttribute(`${scope.cls}.${name}`, value);
    if ((scope.fn === MODULE && scope.cls === null) || scope.globalNames.has(name)) it.state.setGlobal(name, value);
    else if (value) scope.locals.set(name, value);
    else scope.locals.delete(name);
    return;
  }
  if (
    target.name === 'TupleExpression' ||
    target.name === 'ArrayExpression' ||
    target.name === 'ParenthesizedExpression'
  ) {
    for (let child = target.firstChild; child; child = child.nextSibling) {
      if (!['(', ')', '[', ']', ','].includes(child.name))
        assignTarget(it, child, value?.kind === 'list' ? value.item : undefined, scope);
    }
    return;
  }
  if (target.name === 'MemberExpression') {
    const object = target.firstChild;
    if (!object) return;
    const objectValue = it.evaluate(object, scope);
    const property = target.getChild('PropertyName');
    if (property) {
      it.state.setAttribute(attributeKey(objectValue, it.source.of(object), it.source.of(property)), value);
    } else {
      evaluateChildren(it, target, scope, object);
      it.state.setAttribute(attributeKey(objectValue, it.source.of(object), '[]'), value);
    }
    return;
  }
  it.evaluate(target, scope);
}

/** `import boto3 as b`, `from boto3.session import Session`: only boto3 and botocore names are followed. */
function execImport(it: Interpreter, node: SyntaxNode, scope: Scope): void {
  const children = childList(node);
  if (children[0]?.name === 'from') {
    const importAt = children.findIndex((c) => c.name === 'import');
    const module = children
      .slice(1, importAt)
      .map((c) => it.source.of(c))
      .join('');
    const names = children.slice(importAt + 1).filter((c) => c.name !== '(' && c.name !== ')');
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (!name || name.name !== 'VariableName') continue;
      let alias = it.source.of(name);
      if (names[i + 1]?.name === 'as' && names[i + 2]) {
        alias = it.source.of(names[i + 2]);
        i += 2;
      }
      bindImport(it, alias, `${module}.${it.source.of(name)}`, scope);
    }
    return;
  }
  let dotted: string[] = [];
  for (let i = 1; i <= children.length; i++) {
    const child = children[i];
    if (child === undefined || child.name === ',') {
      if (dotted.length > 0) bindImport(it, dotted[0] ?? '', dotted[0] ?? '', scope);
      dotted = [];
    } else if (child.name === 'VariableName') {
      dotted.push(it.source.of(child));
    } else if (child.name === 'as') {
      const alias = children[i + 1];
      if (alias) bindImport(it, it.source.of(alias), dotted.join('.'), scope);
      dotted = [];
      i++;
    }
  }
}

function bindImport(it: Interpreter, alias: string, path: string, scope: Scope): void {
  const root = path.split('.')[0];
  if (root !== 'boto3' && root !== 'botocore') return;
  assignName(it, alias, { kind: 'module', path }, scope);
}

/** Default parameter values are evaluated where the function is defined, and are what the parameter may hold. */
function bindDefaults(it: Interpreter, list: SyntaxNode, info: FunctionInfo, scope: Scope): void {
  let current: string | null = null;
  for (let child = list.firstChild; child; child = child.nextSibling) {
    if (child.name === 'VariableName' && current === null) current = it.source.of(child);
    else if (child.name === ',') current = null;
    else if (child.name === 'AssignOp') {
      const valueNode = child.nextSibling;
      if (valueNode && current !== null) {
        it.state.bindParam(info.key, current, it.evaluate(valueNode, scope));
        child = valueNode;
      }
    } else if (child.name !== 'VariableName') it.evaluate(child, scope);
  }
}

function execFor(it: Interpreter, node: SyntaxNode, scope: Scope): void {
  const children = childList(node);
  const inAt = children.findIndex((c) => c.name === 'in');
  const iterNode = children[inAt + 1];
  const iterValue = iterNode ? it.evaluate(iterNode, scope) : undefined;
  for (const target of children.slice(1, inAt))
    if (target.name !== ',') assignTarget(it, target, iterationItem(iterValue), scope);
  for (const child of children.slice(inAt + 2)) execStatement(it, child, scope);
}

/** `with x as name:` binds what `x` is (a client stays a client); `except E as name:` binds nothing known. */
function execWithAs(it: Interpreter, node: SyntaxNode, scope: Scope): void {
  const children = childList(node);
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as SyntaxNode;
    if (child.name === 'as') continue;
    if (children[i + 1]?.name === 'as' && children[i + 2]) {
      const value = child.name === 'Body' ? undefined : it.evaluate(child, scope);
      assignTarget(it, children[i + 2] as SyntaxNode, node.name === 'WithStatement' ? value : undefined, scope);
      i += 2;
      continue;
    }
    execStatement(it, child, scope);
  }
}

function execIf(it: Interpreter, node: SyntaxNode, scope: Scope): void {
  const condition = node.firstChild?.nextSibling;
  // Automation imports the script and calls the handler, so `if __name__ == '__main__':` never runs there.
  const mainGuard = condition !== undefined && condition !== null && isMainGuard(it, condition);
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (mainGuard && child.name === 'Body' && child.prevSibling?.from === condition.from) {
      execBlock(it, child, { ...scope, region: MAIN_GUARD });
    } else execStatement(it, child, scope);
  }
}

function isMainGuard(it: Interpreter, condition: SyntaxNode): boolean {
  if (condition.name !== 'BinaryExpression') return false;
  const [left, op, right] = childList(condition);
  if (!left || !op || !right || op.name !== 'CompareOp' || it.source.of(op) !== '==') return false;
  const sides = [left, right].map((n) =>
    n.name === 'String' ? stringLiteral(it.source.of(n)) : `$${it.source.of(n)}`,
  );
  return sides.includes('$__name__') && sides.includes('__main__');
}
