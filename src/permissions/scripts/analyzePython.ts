import type { SyntaxNode } from '@lezer/common';
import { createRequire } from 'node:module';
import type * as LezerPython from '@lezer/python';
import { boto3ResourceModel } from './boto3ResourceModel.js';
import type { ResourceTypeModel } from './boto3ResourceModel.js';
import type {
  ScriptAnalysis,
  ScriptCall,
  ScriptCallKind,
  ScriptConfidence,
  ScriptParseError,
} from './scriptAnalysis.js';
import type { ServiceCatalog } from './serviceCatalog.js';

export interface AnalyzePythonOptions {
  /** The step's `Handler` input: a function name, or `module.function` for attachments (the module part is ignored). */
  handler?: string;
  catalog: ServiceCatalog;
}

/** What the analysis knows about the value of a Python expression. */
type Value =
  | { kind: 'module'; path: string }
  | { kind: 'session' }
  | { kind: 'client'; services: string[] | null }
  | { kind: 'resource'; services: string[] | null; type: string }
  | { kind: 'collection'; services: string[]; type: string; name: string }
  | { kind: 'resourceMeta'; services: string[] | null }
  | { kind: 'boundMethod'; services: string[]; method: string | null }
  | { kind: 'paginator' }
  | { kind: 'waiter' }
  | { kind: 'strings'; values: string[] }
  | { kind: 'function'; keys: string[]; bound: boolean }
  | { kind: 'class'; name: string }
  | { kind: 'instance'; cls: string }
  | { kind: 'list'; item: Value }
  /** Some value the analysis could not follow (only recorded for function parameters). */
  | { kind: 'unknown' };

interface FunctionInfo {
  key: string;
  name: string;
  node: SyntaxNode;
  params: { name: string; star: boolean }[];
  parent: string;
  className: string | null;
  isStatic: boolean;
}

interface Ctx {
  fn: string;
  region: string;
  locals: Map<string, Value>;
  globalNames: Set<string>;
  cls: string | null;
}

interface Arg {
  name: string | null;
  value: Value | undefined;
  node: SyntaxNode;
  star: boolean;
}

const MODULE = '<module>';
const MAIN_GUARD = '<main-guard>';
const MAX_PASSES = 8;
const MAX_TEXT = 120;

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

const COLLECTION_LISTING = new Set(['all', 'filter', 'limit', 'page_size', 'pages']);
const CLASS_ENTRY_METHODS = ['__init__', '__new__', '__post_init__', '__call__', '__enter__', '__exit__'];

/**
 * Finds the AWS API calls an `aws:executeScript` Python script makes through boto3/botocore, using the
 * @lezer/python syntax tree. Never throws; broken source yields partial results and parse errors.
 */
type PythonParser = (typeof LezerPython)['parser'];
let loadedParser: PythonParser | undefined;

/**
 * Loads @lezer/python once. The engine awaits it before analysing a runbook with a Python script, so that runs without
 * one never load the parser (it costs ~40 ms of a cold start); a direct call without it loads the parser synchronously.
 */
export async function loadPythonParser(): Promise<void> {
  loadedParser ??= (await import('@lezer/python')).parser;
}

function pythonParser(): PythonParser {
  loadedParser ??= (createRequire(import.meta.url)('@lezer/python') as typeof LezerPython).parser;
  return loadedParser;
}

export function analyzePython(source: string, options: AnalyzePythonOptions): ScriptAnalysis {
  try {
    return new PythonAnalyzer(source, options).run();
  } catch (error) {
    return {
      language: 'python',
      usesAws: false,
      calls: [],
      functions: [],
      handlerFound: options.handler === undefined ? null : false,
      parseErrors: [{ line: 1, column: 1, message: `Script analysis failed: ${String(error)}` }],
    };
  }
}

class PythonAnalyzer {
  private readonly lineStarts: number[] = [0];
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly defsIn = new Map<string, Map<string, string>>();
  private readonly classes = new Map<string, Set<string>>();
  private readonly methodsByName = new Map<string, string[]>();
  private globals = new Map<string, Value>();
  private params = new Map<string, Map<string, Value>>();
  private returns = new Map<string, Value>();
  private attrs = new Map<string, Value>();
  private funcLocals = new Map<string, Map<string, Value>>();
  private edges = new Map<string, Set<string>>();
  private calls = new Map<string, ScriptCall & { region: string }>();
  private usesAws = false;
  private readonly top: SyntaxNode;

  constructor(
    private readonly source: string,
    private readonly options: AnalyzePythonOptions,
  ) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.top = pythonParser().parse(source).topNode;
  }

  run(): ScriptAnalysis {
    this.collectFunctions(this.top, MODULE, null);
    let fingerprint = '';
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      this.edges = new Map();
      this.calls = new Map();
      this.usesAws = false;
      this.execBlock(this.top, this.moduleCtx());
      for (const info of this.functions.values()) this.analyzeFunction(info);
      const next = this.fingerprint();
      if (next === fingerprint) break;
      fingerprint = next;
    }
    const handlerName = this.options.handler?.split('.').at(-1);
    const handlerFound = handlerName === undefined ? null : this.defsIn.get(MODULE)?.has(handlerName) === true;
    const reachable = handlerFound === true ? this.reachableRegions(handlerName ?? '') : null;
    const calls = [...this.calls.values()]
      .map(({ region, ...call }) => ({ ...call, reachableFromHandler: reachable === null || reachable.has(region) }))
      .sort((a, b) => a.line - b.line || a.column - b.column);
    return {
      language: 'python',
      usesAws: this.usesAws,
      calls,
      functions: [...this.functions.keys()],
      handlerFound,
      parseErrors: this.parseErrors(),
    };
  }

  // ---- structure -------------------------------------------------------------------------------------------------

  private collectFunctions(node: SyntaxNode, scope: string, className: string | null): void {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'FunctionDefinition') {
        const name = this.text(child.getChild('VariableName'));
        const key = className !== null ? `${className}.${name}` : scope === MODULE ? name : `${scope}.${name}`;
        const decorators = child.parent?.name === 'DecoratedStatement' ? child.parent.getChildren('Decorator') : [];
        const isStatic = decorators.some((d) => this.text(d).includes('staticmethod'));
        const info: FunctionInfo = {
          key,
          name,
          node: child,
          params: this.paramNames(child.getChild('ParamList')),
          parent: scope,
          className,
          isStatic,
        };
        this.functions.set(key, info);
        if (className !== null) {
          this.classes.get(className)?.add(name);
          this.methodsByName.set(name, [...(this.methodsByName.get(name) ?? []), key]);
        } else {
          this.defsFor(scope).set(name, key);
        }
        const body = child.getChild('Body');
        if (body) this.collectFunctions(body, key, null);
      } else if (child.name === 'ClassDefinition') {
        const name = this.text(child.getChild('VariableName'));
        this.classes.set(name, new Set());
        const body = child.getChild('Body');
        if (body) this.collectFunctions(body, scope, name);
      } else if (child.name !== 'LambdaExpression') {
        this.collectFunctions(child, scope, className);
      }
    }
  }

  private defsFor(scope: string): Map<string, string> {
    let defs = this.defsIn.get(scope);
    if (!defs) this.defsIn.set(scope, (defs = new Map()));
    return defs;
  }

  private paramNames(list: SyntaxNode | null): { name: string; star: boolean }[] {
    const result: { name: string; star: boolean }[] = [];
    if (!list) return result;
    let star = false;
    let afterAssign = false;
    for (let child = list.firstChild; child; child = child.nextSibling) {
      if (child.name === '*' || child.name === '**') star = true;
      else if (child.name === 'AssignOp') afterAssign = true;
      else if (child.name === ',') {
        star = false;
        afterAssign = false;
      } else if (child.name === 'VariableName' && !afterAssign) result.push({ name: this.text(child), star });
    }
    return result;
  }

  private moduleCtx(): Ctx {
    return { fn: MODULE, region: MODULE, locals: this.globals, globalNames: new Set(), cls: null };
  }

  private analyzeFunction(info: FunctionInfo): void {
    const locals = new Map<string, Value>();
    const bound = this.params.get(info.key);
    info.params.forEach((param, index) => {
      const value = bound?.get(param.name);
      if (index === 0 && info.className !== null && !info.isStatic)
        locals.set(param.name, { kind: 'instance', cls: info.className });
      else if (value && value.kind !== 'unknown') locals.set(param.name, value);
    });
    const ctx: Ctx = { fn: info.key, region: info.key, locals, globalNames: new Set(), cls: null };
    const body = info.node.getChild('Body');
    if (body) this.execBlock(body, ctx);
    this.funcLocals.set(info.key, locals);
  }

  // ---- statements ------------------------------------------------------------------------------------------------

  private execBlock(node: SyntaxNode, ctx: Ctx): void {
    for (let child = node.firstChild; child; child = child.nextSibling) this.exec(child, ctx);
  }

  private exec(node: SyntaxNode, ctx: Ctx): void {
    switch (node.name) {
      case 'AssignStatement':
        this.execAssign(node, ctx);
        return;
      case 'ImportStatement':
        this.execImport(node, ctx);
        return;
      case 'ScopeStatement':
        for (const name of node.getChildren('VariableName')) ctx.globalNames.add(this.text(name));
        return;
      case 'ReturnStatement': {
        const expr = node.lastChild;
        const value = expr && expr.name !== 'return' ? this.eval(expr, ctx) : undefined;
        if (ctx.fn !== MODULE && value) this.returns.set(ctx.fn, merge(this.returns.get(ctx.fn), value) ?? value);
        return;
      }
      case 'FunctionDefinition': {
        const info = [...this.functions.values()].find((f) => f.node.from === node.from);
        const list = node.getChild('ParamList');
        if (list && info) this.bindDefaults(list, info, ctx);
        return;
      }
      case 'DecoratedStatement':
        for (const decorator of node.getChildren('Decorator')) this.evalChildren(decorator, ctx);
        for (const def of [node.getChild('FunctionDefinition'), node.getChild('ClassDefinition')])
          if (def) this.exec(def, ctx);
        return;
      case 'ClassDefinition': {
        const name = this.text(node.getChild('VariableName'));
        const args = node.getChild('ArgList');
        if (args) this.evalChildren(args, ctx);
        const body = node.getChild('Body');
        if (body) this.execBlock(body, { ...ctx, locals: new Map(), cls: name });
        return;
      }
      case 'ForStatement':
        this.execFor(node, ctx);
        return;
      case 'WithStatement':
      case 'TryStatement':
        this.execWithAs(node, ctx);
        return;
      case 'IfStatement':
        this.execIf(node, ctx);
        return;
      case 'Body':
        this.execBlock(node, ctx);
        return;
      default:
        if (node.name.endsWith('Statement') || node.name === 'Script') this.execBlock(node, ctx);
        else this.eval(node, ctx);
    }
  }

  private execAssign(node: SyntaxNode, ctx: Ctx): void {
    const groups: SyntaxNode[][] = [[]];
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'AssignOp') groups.push([]);
      else if (child.name !== ',' && child.name !== 'TypeDef') groups[groups.length - 1]?.push(child);
    }
    const valueNodes = groups.pop() ?? [];
    const values = valueNodes.map((n) => this.eval(n, ctx));
    for (const targets of groups) {
      if (targets.length === values.length) targets.forEach((t, i) => this.assign(t, values[i], ctx));
      else if (targets.length === 1 && values.length > 1) this.assign(targets[0] as SyntaxNode, undefined, ctx);
      else
        for (const t of targets)
          this.assign(t, values.length === 1 && values[0]?.kind === 'list' ? values[0].item : undefined, ctx);
    }
  }

  private assign(target: SyntaxNode, value: Value | undefined, ctx: Ctx): void {
    if (target.name === 'VariableName') {
      const name = this.text(target);
      if (ctx.cls !== null) this.setAttr(`${ctx.cls}.${name}`, value);
      if ((ctx.fn === MODULE && ctx.cls === null) || ctx.globalNames.has(name)) {
        if (value) this.globals.set(name, value);
        else this.globals.delete(name);
      } else if (value) ctx.locals.set(name, value);
      else ctx.locals.delete(name);
      return;
    }
    if (
      target.name === 'TupleExpression' ||
      target.name === 'ArrayExpression' ||
      target.name === 'ParenthesizedExpression'
    ) {
      for (let child = target.firstChild; child; child = child.nextSibling) {
        if (!['(', ')', '[', ']', ','].includes(child.name))
          this.assign(child, value?.kind === 'list' ? value.item : undefined, ctx);
      }
      return;
    }
    if (target.name === 'MemberExpression') {
      const object = target.firstChild;
      if (!object) return;
      const objectValue = this.eval(object, ctx);
      const property = target.getChild('PropertyName');
      if (property) {
        const key = this.attrKey(objectValue, object, this.text(property));
        this.setAttr(key, value);
      } else {
        this.evalChildren(target, ctx, object);
        this.setAttr(this.attrKey(objectValue, object, '[]'), value);
      }
      return;
    }
    this.eval(target, ctx);
  }

  private setAttr(key: string, value: Value | undefined): void {
    if (!value) return;
    this.attrs.set(key, merge(this.attrs.get(key), value) ?? value);
  }

  private attrKey(objectValue: Value | undefined, objectNode: SyntaxNode, attr: string): string {
    if (objectValue?.kind === 'instance') return `${objectValue.cls}.${attr}`;
    if (objectValue?.kind === 'class') return `${objectValue.name}.${attr}`;
    return `~${this.text(objectNode)}.${attr}`;
  }

  private execImport(node: SyntaxNode, ctx: Ctx): void {
    const children: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    if (children[0]?.name === 'from') {
      const importAt = children.findIndex((c) => c.name === 'import');
      const module = children
        .slice(1, importAt)
        .map((c) => this.text(c))
        .join('');
      const names = children.slice(importAt + 1).filter((c) => c.name !== '(' && c.name !== ')');
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        if (!name || name.name !== 'VariableName') continue;
        let alias = this.text(name);
        if (names[i + 1]?.name === 'as' && names[i + 2]) {
          alias = this.text(names[i + 2] ?? null);
          i += 2;
        }
        this.bindImport(alias, `${module}.${this.text(name)}`, ctx);
      }
      return;
    }
    let dotted: string[] = [];
    for (let i = 1; i <= children.length; i++) {
      const child = children[i];
      if (child === undefined || child.name === ',') {
        if (dotted.length > 0) this.bindImport(dotted[0] ?? '', dotted[0] ?? '', ctx);
        dotted = [];
      } else if (child.name === 'VariableName') {
        dotted.push(this.text(child));
      } else if (child.name === 'as') {
        const alias = children[i + 1];
        if (alias) this.bindImport(this.text(alias), dotted.join('.'), ctx);
        dotted = [];
        i++;
      }
    }
  }

  private bindImport(alias: string, path: string, ctx: Ctx): void {
    const root = path.split('.')[0];
    if (root !== 'boto3' && root !== 'botocore') return;
    this.assignName(alias, { kind: 'module', path }, ctx);
  }

  private assignName(name: string, value: Value, ctx: Ctx): void {
    if (ctx.fn === MODULE || ctx.globalNames.has(name)) this.globals.set(name, value);
    else ctx.locals.set(name, value);
  }

  private bindDefaults(list: SyntaxNode, info: FunctionInfo, ctx: Ctx): void {
    let current: string | null = null;
    for (let child = list.firstChild; child; child = child.nextSibling) {
      if (child.name === 'VariableName' && current === null) current = this.text(child);
      else if (child.name === ',') current = null;
      else if (child.name === 'AssignOp') {
        const valueNode = child.nextSibling;
        if (valueNode && current !== null) {
          this.bindParam(info.key, current, this.eval(valueNode, ctx));
          child = valueNode;
        }
      } else if (child.name !== 'VariableName') this.eval(child, ctx);
    }
  }

  private bindParam(key: string, name: string, value: Value | undefined): void {
    let params = this.params.get(key);
    if (!params) this.params.set(key, (params = new Map()));
    params.set(name, merge(params.get(name), value ?? { kind: 'unknown' }) ?? { kind: 'unknown' });
  }

  private execFor(node: SyntaxNode, ctx: Ctx): void {
    const children = childList(node);
    const inAt = children.findIndex((c) => c.name === 'in');
    const iterNode = children[inAt + 1];
    const iterValue = iterNode ? this.eval(iterNode, ctx) : undefined;
    for (const target of children.slice(1, inAt)) if (target.name !== ',') this.assign(target, itemOf(iterValue), ctx);
    for (const child of children.slice(inAt + 2)) this.exec(child, ctx);
  }

  private execWithAs(node: SyntaxNode, ctx: Ctx): void {
    const children = childList(node);
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as SyntaxNode;
      if (child.name === 'as') continue;
      if (children[i + 1]?.name === 'as' && children[i + 2]) {
        const value = child.name === 'Body' ? undefined : this.eval(child, ctx);
        this.assign(children[i + 2] as SyntaxNode, node.name === 'WithStatement' ? value : undefined, ctx);
        i += 2;
        continue;
      }
      this.exec(child, ctx);
    }
  }

  private execIf(node: SyntaxNode, ctx: Ctx): void {
    const condition = node.firstChild?.nextSibling;
    // Automation imports the script and calls the handler, so `if __name__ == '__main__':` never runs there.
    const mainGuard = condition !== undefined && condition !== null && this.isMainGuard(condition);
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (mainGuard && child.name === 'Body' && child.prevSibling?.from === condition.from) {
        this.execBlock(child, { ...ctx, region: MAIN_GUARD });
      } else this.exec(child, ctx);
    }
  }

  private isMainGuard(condition: SyntaxNode): boolean {
    if (condition.name !== 'BinaryExpression') return false;
    const [left, op, right] = childList(condition);
    if (!left || !op || !right || op.name !== 'CompareOp' || this.text(op) !== '==') return false;
    const sides = [left, right].map((n) => (n.name === 'String' ? stringLiteral(this.text(n)) : `$${this.text(n)}`));
    return sides.includes('$__name__') && sides.includes('__main__');
  }

  // ---- expressions -----------------------------------------------------------------------------------------------

  private evalChildren(node: SyntaxNode, ctx: Ctx, skip?: SyntaxNode): void {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (!skip || child.from !== skip.from || child.to !== skip.to || child.name !== skip.name) this.exec(child, ctx);
    }
  }

  private eval(node: SyntaxNode, ctx: Ctx): Value | undefined {
    switch (node.name) {
      case 'VariableName':
        return this.lookup(this.text(node), ctx);
      case 'String':
        return { kind: 'strings', values: [stringLiteral(this.text(node))] };
      case 'ParenthesizedExpression': {
        const inner = childList(node).filter((c) => c.name !== '(' && c.name !== ')');
        return inner.length === 1 && inner[0] ? this.eval(inner[0], ctx) : this.evalCollection(node, ctx);
      }
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'SetExpression':
      case 'DictionaryExpression':
        return this.evalCollection(node, ctx);
      case 'ConditionalExpression': {
        const parts = childList(node).filter((c) => c.name !== 'if' && c.name !== 'else');
        const [then, condition, otherwise] = parts;
        if (condition) this.eval(condition, ctx);
        const a = then ? this.eval(then, ctx) : undefined;
        const b = otherwise ? this.eval(otherwise, ctx) : undefined;
        return a && b ? merge(a, b) : a?.kind === 'strings' || b?.kind === 'strings' ? undefined : (a ?? b);
      }
      case 'BinaryExpression': {
        const [left, op, right] = childList(node);
        const a = left ? this.eval(left, ctx) : undefined;
        const b = right ? this.eval(right, ctx) : undefined;
        // `x or boto3.client(...)` and `client = cached and cached` keep the AWS value of either side.
        if (op && (op.name === 'or' || op.name === 'and'))
          return a && b ? merge(a, b) : a?.kind === 'strings' || b?.kind === 'strings' ? undefined : (a ?? b);
        return undefined;
      }
      case 'MemberExpression':
        return this.evalMember(node, ctx);
      case 'CallExpression':
        return this.evalCall(node, ctx);
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'ComprehensionExpression':
        return this.evalComprehension(node, ctx);
      case 'LambdaExpression': {
        const locals = new Map(ctx.locals);
        const list = node.getChild('ParamList');
        for (const param of this.paramNames(list)) locals.delete(param.name);
        for (let child = node.firstChild; child; child = child.nextSibling) {
          if (child.name !== 'ParamList') this.exec(child, { ...ctx, locals });
        }
        return undefined;
      }
      case 'AwaitExpression':
      case 'NamedExpression': {
        let last: Value | undefined;
        for (let child = node.firstChild; child; child = child.nextSibling) last = this.eval(child, ctx);
        if (node.name === 'NamedExpression' && node.firstChild?.name === 'VariableName' && last) {
          this.assignName(this.text(node.firstChild), last, ctx);
        }
        return last;
      }
      default:
        this.evalChildren(node, ctx);
        return undefined;
    }
  }

  private evalCollection(node: SyntaxNode, ctx: Ctx): Value | undefined {
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
      const value = this.eval(child, ctx);
      if (!isDict || afterColon) values.push(value);
    }
    if (values.length > 0 && values.every((v) => v?.kind === 'strings')) {
      return { kind: 'strings', values: values.flatMap((v) => (v?.kind === 'strings' ? v.values : [])) };
    }
    let item: Value | undefined;
    for (const value of values) if (value && value.kind !== 'strings') item = merge(item, value) ?? value;
    return item ? { kind: 'list', item } : undefined;
  }

  private evalComprehension(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const inner: Ctx = { ...ctx, locals: new Map(ctx.locals), globalNames: new Set() };
    const children = childList(node);
    const firstFor = children.findIndex((c) => c.name === 'for');
    for (let i = firstFor; i >= 0 && i < children.length; i++) {
      const child = children[i] as SyntaxNode;
      if (child.name !== 'for') continue;
      const inAt = children.findIndex((c, j) => j > i && c.name === 'in');
      const iterNode = children[inAt + 1];
      const iterValue = iterNode ? this.eval(iterNode, inner) : undefined;
      for (const target of children.slice(i + 1, inAt))
        if (target.name !== ',') this.assign(target, itemOf(iterValue), inner);
      i = inAt + 1;
    }
    let element: Value | undefined;
    children.forEach((child, index) => {
      if (['(', ')', '[', ']', '{', '}', ':', 'for', 'in', 'if', 'async'].includes(child.name)) return;
      if (index > firstFor && firstFor >= 0 && children[index - 1]?.name !== 'if') {
        // targets and iterables were handled above; conditions are evaluated below
        return;
      }
      const value = this.eval(child, inner);
      if (firstFor < 0 || index < firstFor) element = element ?? value;
    });
    return element && element.kind !== 'strings' ? { kind: 'list', item: element } : undefined;
  }

  private lookup(name: string, ctx: Ctx): Value | undefined {
    if (ctx.fn !== MODULE && !ctx.globalNames.has(name) && ctx.locals.has(name)) return ctx.locals.get(name);
    if (ctx.fn === MODULE && ctx.cls !== null && ctx.locals.has(name)) return ctx.locals.get(name);
    for (let scope: string | undefined = ctx.fn; scope !== undefined; scope = this.functions.get(scope)?.parent) {
      const key = this.defsIn.get(scope)?.get(name);
      if (key !== undefined) {
        this.addEdge(ctx.region, key);
        return { kind: 'function', keys: [key], bound: false };
      }
      if (scope !== ctx.fn && scope !== MODULE) {
        const outer = this.funcLocals.get(scope)?.get(name);
        if (outer) return outer;
      }
      if (scope === MODULE) break;
    }
    const global = this.globals.get(name);
    if (global) return global;
    if (this.classes.has(name)) {
      for (const method of CLASS_ENTRY_METHODS)
        if (this.classes.get(name)?.has(method)) this.addEdge(ctx.region, `${name}.${method}`);
      return { kind: 'class', name };
    }
    return undefined;
  }

  private addEdge(from: string, to: string): void {
    let set = this.edges.get(from);
    if (!set) this.edges.set(from, (set = new Set()));
    set.add(to);
  }

  private evalMember(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const object = node.firstChild;
    if (!object) return undefined;
    const objectValue = this.eval(object, ctx);
    const property = node.getChild('PropertyName');
    if (!property) {
      this.evalChildren(node, ctx, object);
      const stored = this.attrs.get(this.attrKey(objectValue, object, '[]'));
      return stored ?? (objectValue?.kind === 'list' ? objectValue.item : undefined);
    }
    return this.attribute(objectValue, object, this.text(property), node, ctx);
  }

  private attribute(
    objectValue: Value | undefined,
    objectNode: SyntaxNode,
    attr: string,
    node: SyntaxNode,
    ctx: Ctx,
  ): Value | undefined {
    switch (objectValue?.kind) {
      case 'module':
        return { kind: 'module', path: `${objectValue.path}.${attr}` };
      case 'resource': {
        if (attr === 'meta') return { kind: 'resourceMeta', services: objectValue.services };
        for (const service of objectValue.services ?? []) {
          const model = boto3ResourceModel[service]?.[objectValue.type];
          const collection = model?.collections[attr];
          if (collection) return { kind: 'collection', services: [service], type: objectValue.type, name: attr };
          if (
            model?.load &&
            !attr.startsWith('_') &&
            !(model.identifiers ?? []).includes(attr) &&
            !(attr in model.actions) &&
            !(attr in model.subResources)
          ) {
            // Reading an attribute of a resource that is not loaded yet calls its load operation (boto3 resources guide).
            this.record(node, ctx, {
              service,
              operation: model.load,
              method: attr,
              kind: 'resource',
              confidence: 'likely',
              text: this.text(node),
            });
          }
        }
        return undefined;
      }
      case 'resourceMeta':
        return attr === 'client' ? { kind: 'client', services: objectValue.services } : undefined;
      case 'client':
        if (objectValue.services !== null && !CLIENT_NON_OPERATIONS.has(attr)) {
          return { kind: 'boundMethod', services: objectValue.services, method: attr };
        }
        return undefined;
      default:
        break;
    }
    const key = this.attrKey(objectValue, objectNode, attr);
    const stored = this.attrs.get(key);
    const methods =
      objectValue?.kind === 'instance' || objectValue?.kind === 'class'
        ? [`${objectValue.kind === 'instance' ? objectValue.cls : objectValue.name}.${attr}`].filter((k) =>
            this.functions.has(k),
          )
        : [];
    const candidates = methods.length > 0 ? methods : (this.methodsByName.get(attr) ?? []);
    for (const method of candidates) this.addEdge(ctx.region, method);
    if (stored) return stored;
    if (candidates.length > 0)
      return {
        kind: 'function',
        keys: candidates,
        bound: objectValue?.kind === 'instance' || objectValue === undefined,
      };
    return undefined;
  }

  private evalArgs(argList: SyntaxNode | null, ctx: Ctx): Arg[] {
    const args: Arg[] = [];
    if (!argList) return args;
    if (argList.getChild('for')) {
      this.evalComprehension(argList, ctx);
      return args;
    }
    for (let child = argList.firstChild; child; child = child.nextSibling) {
      if (['(', ')', ','].includes(child.name)) continue;
      if (child.name === 'VariableName' && child.nextSibling?.name === 'AssignOp' && child.nextSibling.nextSibling) {
        const valueNode = child.nextSibling.nextSibling;
        args.push({ name: this.text(child), value: this.eval(valueNode, ctx), node: valueNode, star: false });
        child = valueNode;
      } else if ((child.name === '*' || child.name === '**') && child.nextSibling) {
        const valueNode = child.nextSibling;
        args.push({ name: null, value: this.eval(valueNode, ctx), node: valueNode, star: true });
        child = valueNode;
      } else {
        args.push({ name: null, value: this.eval(child, ctx), node: child, star: false });
      }
    }
    return args;
  }

  private evalCall(node: SyntaxNode, ctx: Ctx): Value | undefined {
    const callee = node.firstChild;
    if (!callee) return undefined;
    const argList = node.getChild('ArgList');
    const property = callee.name === 'MemberExpression' ? callee.getChild('PropertyName') : null;
    if (callee.name === 'MemberExpression' && property && callee.firstChild) {
      const objectNode = callee.firstChild;
      const objectValue = this.eval(objectNode, ctx);
      const args = this.evalArgs(argList, ctx);
      const method = this.text(property);
      const handled = this.callMethod(objectValue, method, args, node, callee, ctx);
      if (handled !== null) return handled.value;
      const target = this.attribute(objectValue, objectNode, method, callee, ctx);
      return this.callValue(target, args, node, ctx);
    }
    const calleeValue = this.eval(callee, ctx);
    const args = this.evalArgs(argList, ctx);
    if (callee.name === 'VariableName' && this.text(callee) === 'getattr' && calleeValue === undefined) {
      const [object, name] = args;
      if (object?.value?.kind === 'client' && object.value.services !== null) {
        const method =
          name?.value?.kind === 'strings' && name.value.values.length === 1 ? (name.value.values[0] ?? null) : null;
        return { kind: 'boundMethod', services: object.value.services, method };
      }
      return undefined;
    }
    return this.callValue(calleeValue, args, node, ctx);
  }

  /** Calls `value(...)`: boto3 factories, user functions and classes, methods fetched with getattr. */
  private callValue(value: Value | undefined, args: Arg[], node: SyntaxNode, ctx: Ctx): Value | undefined {
    if (!value) return undefined;
    switch (value.kind) {
      case 'module':
        return this.callModule(value.path, args, node, ctx);
      case 'function':
        return this.callUser(value.keys, value.bound, args);
      case 'class': {
        const init = `${value.name}.__init__`;
        if (this.functions.has(init)) this.callUser([init], true, args);
        return { kind: 'instance', cls: value.name };
      }
      case 'boundMethod':
        if (value.method === null) {
          for (const service of value.services) {
            this.record(node, ctx, {
              service,
              operation: null,
              method: 'getattr',
              kind: 'unresolved',
              confidence: 'unknown',
              text: this.text(node),
            });
          }
          return undefined;
        }
        return this.callClient({ services: value.services }, value.method, args, node, node.firstChild ?? node, ctx)
          .value;
      default:
        return undefined;
    }
  }

  private callUser(keys: string[], bound: boolean, args: Arg[]): Value | undefined {
    let result: Value | undefined;
    for (const key of keys) {
      const info = this.functions.get(key);
      if (!info) continue;
      const skip = bound && info.className !== null && !info.isStatic ? 1 : 0;
      const params = info.params.slice(skip);
      let position = 0;
      for (const arg of args) {
        if (arg.star) continue;
        if (arg.name !== null) {
          if (params.some((p) => p.name === arg.name)) this.bindParam(key, arg.name, arg.value);
        } else {
          const param = params[position++];
          if (param && !param.star) this.bindParam(key, param.name, arg.value);
        }
      }
      const returned = this.returns.get(key);
      if (returned) result = merge(result, returned) ?? returned;
    }
    return result;
  }

  private callModule(path: string, args: Arg[], node: SyntaxNode, ctx: Ctx): Value | undefined {
    switch (path) {
      case 'boto3.client':
      case 'boto3.session.Session.client':
        return this.createClient(args, node, ctx, 'client');
      case 'boto3.resource':
        return this.createResource(args, node, ctx);
      case 'boto3.Session':
      case 'boto3.session.Session':
      case 'botocore.session.get_session':
      case 'botocore.session.Session':
      case 'botocore.session.create_session':
        this.usesAws = true;
        return { kind: 'session' };
      case 'boto3.setup_default_session':
        this.usesAws = true;
        return undefined;
      default:
        return undefined;
    }
  }

  private serviceArg(args: Arg[]): Value | undefined {
    return (args.find((a) => a.name === 'service_name') ?? args.find((a) => a.name === null && !a.star))?.value;
  }

  private createClient(args: Arg[], node: SyntaxNode, ctx: Ctx, method: string): Value {
    this.usesAws = true;
    const service = this.serviceArg(args);
    if (service?.kind === 'strings') return { kind: 'client', services: [...new Set(service.values)] };
    this.record(node, ctx, {
      service: null,
      operation: null,
      method,
      kind: 'dynamic-client',
      confidence: 'unknown',
      text: this.text(node),
    });
    return { kind: 'client', services: null };
  }

  private createResource(args: Arg[], node: SyntaxNode, ctx: Ctx): Value {
    this.usesAws = true;
    const service = this.serviceArg(args);
    if (service?.kind === 'strings')
      return { kind: 'resource', services: [...new Set(service.values)], type: 'ServiceResource' };
    this.record(node, ctx, {
      service: null,
      operation: null,
      method: 'resource',
      kind: 'dynamic-client',
      confidence: 'unknown',
      text: this.text(node),
    });
    return { kind: 'resource', services: null, type: 'ServiceResource' };
  }

  /** Handles `object.method(...)` when the object is an AWS value; returns null to fall back to a generic call. */
  private callMethod(
    objectValue: Value | undefined,
    method: string,
    args: Arg[],
    node: SyntaxNode,
    callee: SyntaxNode,
    ctx: Ctx,
  ): { value: Value | undefined } | null {
    switch (objectValue?.kind) {
      case 'module':
        return { value: this.callModule(`${objectValue.path}.${method}`, args, node, ctx) };
      case 'session':
        if (method === 'client' || method === 'create_client')
          return { value: this.createClient(args, node, ctx, method) };
        if (method === 'resource') return { value: this.createResource(args, node, ctx) };
        return { value: undefined };
      case 'client':
        return this.callClient(objectValue, method, args, node, callee, ctx);
      case 'resource':
        return { value: this.callResource(objectValue, method, node, ctx) };
      case 'collection':
        return { value: this.callCollection(objectValue, method, node, ctx) };
      case 'resourceMeta':
      case 'paginator':
      case 'waiter':
        return { value: undefined };
      default:
        return null;
    }
  }

  private callClient(
    client: { services: string[] | null },
    method: string,
    args: Arg[],
    node: SyntaxNode,
    callee: SyntaxNode,
    ctx: Ctx,
  ): { value: Value | undefined } {
    const services = client.services;
    if (services === null) return { value: undefined };
    if (method === 'get_paginator' || method === 'get_waiter') {
      const kind: ScriptCallKind = method === 'get_paginator' ? 'paginator' : 'waiter';
      const name = args.find((a) => a.name === null || a.name === 'operation_name' || a.name === 'waiter_name')?.value;
      const text = `${method}(${this.text(node.getChild('ArgList')).slice(1, -1)})`;
      for (const service of services) {
        const names = name?.kind === 'strings' ? name.values : [null];
        for (const value of names) {
          const operation =
            value === null
              ? undefined
              : kind === 'paginator'
                ? this.options.catalog.operationForSnakeCase(service, value)
                : this.options.catalog.waiterOperation(service, value);
          this.record(node, ctx, {
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
    const text = this.text(callee);
    if (method === 'generate_presigned_url' || method === 'generate_presigned_post') {
      // A presigned URL is used with the signer's permissions: ClientMethod names the operation (boto3 S3 presigned URLs guide).
      const clientMethod =
        method === 'generate_presigned_post'
          ? { kind: 'strings' as const, values: ['put_object'] }
          : args.find((a) => a.name === 'ClientMethod' || a.name === null)?.value;
      for (const service of services) {
        const names = clientMethod?.kind === 'strings' ? clientMethod.values : [null];
        for (const value of names) {
          const operation = value === null ? undefined : this.options.catalog.operationForSnakeCase(service, value);
          this.record(node, ctx, {
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
        this.options.catalog.operationForSnakeCase(service, method) ??
        (service === 's3' ? S3_TRANSFER_METHODS[method] : undefined),
    }));
    const anyResolved = resolved.some((r) => r.operation !== undefined);
    for (const { service, operation } of resolved) {
      if (operation !== undefined) {
        const injected =
          service === 's3' &&
          S3_TRANSFER_METHODS[method] === operation &&
          this.options.catalog.operationForSnakeCase(service, method) === undefined;
        this.record(node, ctx, {
          service,
          operation,
          method,
          kind: 'client',
          confidence: injected ? 'likely' : 'certain',
          text,
          arguments: this.argumentPaths(args),
        });
      } else if (!anyResolved) {
        this.record(node, ctx, { service, operation: null, method, kind: 'unresolved', confidence: 'unknown', text });
      }
    }
    return { value: undefined };
  }

  /** Keyword names of a call, with `Name.key` for each literal string key of a dict literal argument. */
  private argumentPaths(args: Arg[]): string[] {
    const paths: string[] = [];
    for (const arg of args) {
      if (arg.star) paths.push('**');
      if (arg.name === null) continue;
      paths.push(arg.name);
      if (arg.node.name !== 'DictionaryExpression') {
        if (['VariableName', 'CallExpression', 'MemberExpression', 'SubscriptExpression'].includes(arg.node.name))
          paths.push(`${arg.name}.*`);
        continue;
      }
      for (let child = arg.node.firstChild; child; child = child.nextSibling) {
        if (child.name === 'String' && child.nextSibling?.name === ':')
          paths.push(`${arg.name}.${stringLiteral(this.text(child))}`);
      }
    }
    return paths;
  }

  private resourceModel(service: string, type: string): ResourceTypeModel | undefined {
    return boto3ResourceModel[service]?.[type];
  }

  private callResource(
    resource: Extract<Value, { kind: 'resource' }>,
    method: string,
    node: SyntaxNode,
    ctx: Ctx,
  ): Value | undefined {
    if (resource.services === null) return undefined;
    if (method === 'get_available_subresources') return undefined;
    const text = this.text(node.firstChild);
    let result: Value | undefined;
    for (const service of resource.services) {
      const model = this.resourceModel(service, resource.type);
      const subType = model?.subResources[method];
      if (subType !== undefined) {
        result = { kind: 'resource', services: [service], type: subType };
        continue;
      }
      const operation = model?.actions[method] ?? (method === 'load' || method === 'reload' ? model?.load : undefined);
      if (operation !== undefined) {
        this.record(node, ctx, { service, operation, method, kind: 'resource', confidence: 'likely', text });
        const returned = model?.returns?.[method];
        if (returned !== undefined) {
          const item: Value = { kind: 'resource', services: [service], type: returned };
          result = method.startsWith('create_') && method.endsWith('s') ? { kind: 'list', item } : item;
        }
        continue;
      }
      this.record(node, ctx, { service, operation: null, method, kind: 'resource', confidence: 'unknown', text });
    }
    return result;
  }

  private callCollection(
    collection: Extract<Value, { kind: 'collection' }>,
    method: string,
    node: SyntaxNode,
    ctx: Ctx,
  ): Value | undefined {
    const text = this.text(node.firstChild);
    for (const service of collection.services) {
      const spec = this.resourceModel(service, collection.type)?.collections[collection.name];
      if (!spec) continue;
      if (COLLECTION_LISTING.has(method)) {
        this.record(node, ctx, { service, operation: spec.list, method, kind: 'resource', confidence: 'likely', text });
        return collection;
      }
      const batch = spec.batch?.[method];
      // Batch actions list the collection first, then act on each page (boto3 collections guide, "Batch actions").
      if (batch !== undefined) {
        this.record(node, ctx, {
          service,
          operation: spec.list,
          method,
          kind: 'resource',
          confidence: 'likely',
          text,
          key: 'list',
        });
        this.record(node, ctx, { service, operation: batch, method, kind: 'resource', confidence: 'likely', text });
        return undefined;
      }
      this.record(node, ctx, { service, operation: null, method, kind: 'resource', confidence: 'unknown', text });
    }
    return undefined;
  }

  // ---- results ---------------------------------------------------------------------------------------------------

  private record(
    node: SyntaxNode,
    ctx: Ctx,
    call: {
      service: string | null;
      operation: string | null;
      method: string;
      kind: ScriptCallKind;
      confidence: ScriptConfidence;
      text: string;
      key?: string;
      arguments?: string[];
    },
  ): void {
    const start = this.position(node.from);
    const end = this.position(node.to);
    const key = `${node.from}:${node.to}:${call.service ?? ''}:${call.operation ?? ''}:${call.method}:${call.key ?? ''}`;
    const text = call.text.length > MAX_TEXT ? `${call.text.slice(0, MAX_TEXT - 1)}…` : call.text;
    this.calls.set(key, {
      service: call.service,
      operation: call.operation,
      method: call.method,
      kind: call.kind,
      confidence: call.confidence,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      text,
      reachableFromHandler: true,
      ...(call.arguments ? { arguments: call.arguments } : {}),
      region: ctx.region,
    });
  }

  private reachableRegions(handler: string): Set<string> {
    const reachable = new Set<string>();
    const queue = [MODULE, handler];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (reachable.has(next)) continue;
      reachable.add(next);
      for (const to of this.edges.get(next) ?? []) queue.push(to);
    }
    return reachable;
  }

  private parseErrors(): ScriptParseError[] {
    const errors: ScriptParseError[] = [];
    const seen = new Set<number>();
    const cursor = this.top.cursor();
    do {
      if (cursor.type.isError && !seen.has(cursor.from) && errors.length < 50) {
        seen.add(cursor.from);
        const { line, column } = this.position(cursor.from);
        const near =
          this.source
            .slice(cursor.from, Math.max(cursor.to, cursor.from + 1))
            .split('\n')[0]
            ?.slice(0, 30) ?? '';
        errors.push({
          line,
          column,
          message:
            near.trim() === ''
              ? `Python syntax error at line ${line}, column ${column}; calls after it may be missed.`
              : `Python syntax error near '${near.trim()}' at line ${line}, column ${column}; calls after it may be missed.`,
        });
      }
    } while (cursor.next());
    return errors;
  }

  private fingerprint(): string {
    const dump = (map: Map<string, unknown>): [string, unknown][] =>
      [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
    return JSON.stringify([
      dump(this.globals),
      dump(this.returns),
      dump(this.attrs),
      dump(new Map([...this.params].map(([k, v]) => [k, dump(v)]))),
      dump(new Map([...this.funcLocals].map(([k, v]) => [k, dump(v)]))),
    ]);
  }

  private position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }

  private text(node: SyntaxNode | null): string {
    return node ? this.source.slice(node.from, node.to) : '';
  }
}

function childList(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

function itemOf(value: Value | undefined): Value | undefined {
  if (!value) return undefined;
  if (value.kind === 'strings') return value;
  if (value.kind === 'list') return value.item;
  if (value.kind === 'collection') {
    const service = value.services[0] ?? '';
    const itemType = boto3ResourceModel[service]?.[value.type]?.collections[value.name]?.itemType;
    return itemType ? { kind: 'resource', services: value.services, type: itemType } : undefined;
  }
  return undefined;
}

/** Joins what two code paths may hold; string sets union, and AWS values win over nothing. */
function merge(a: Value | undefined, b: Value | undefined): Value | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.kind === 'unknown' || b.kind === 'unknown') {
    const other = a.kind === 'unknown' ? b : a;
    return other.kind === 'strings' ? { kind: 'unknown' } : other;
  }
  if (a.kind === 'strings' && b.kind === 'strings')
    return { kind: 'strings', values: [...new Set([...a.values, ...b.values])] };
  if (a.kind === 'client' && b.kind === 'client') {
    return {
      kind: 'client',
      services: a.services === null || b.services === null ? null : [...new Set([...a.services, ...b.services])],
    };
  }
  if (a.kind === 'resource' && b.kind === 'resource' && a.type === b.type) {
    return {
      kind: 'resource',
      type: a.type,
      services: a.services === null || b.services === null ? null : [...new Set([...a.services, ...b.services])],
    };
  }
  if (a.kind === 'function' && b.kind === 'function')
    return { kind: 'function', keys: [...new Set([...a.keys, ...b.keys])], bound: a.bound || b.bound };
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', item: merge(a.item, b.item) ?? a.item };
  if (a.kind === 'strings') return b;
  return a;
}

/** The value of a Python string literal token (prefixes and quotes removed; escapes left as written). */
function stringLiteral(token: string): string {
  let start = 0;
  while (start < token.length && 'rRbBuUfF'.includes(token[start] ?? '"')) start++;
  const body = token.slice(start);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  return body.endsWith(quote) && body.length >= quote.length * 2
    ? body.slice(quote.length, body.length - quote.length)
    : body.slice(quote.length);
}
