import type { SyntaxNode } from '@lezer/common';
import type { PythonSource } from './pythonSource.js';

/** The scope key of module-level code. */
export const MODULE = '<module>';

export interface Parameter {
  name: string;
  /** `*args` or `**kwargs`: positional arguments are not bound to it. */
  star: boolean;
}

export interface FunctionInfo {
  /** `name` at module level, `Class.method` for methods, `outer.inner` for nested functions. */
  key: string;
  name: string;
  node: SyntaxNode;
  params: Parameter[];
  /** The key of the enclosing function, or MODULE. */
  parent: string;
  className: string | null;
  isStatic: boolean;
}

/** The functions, methods and classes a script defines, found once before the analysis runs. */
export class FunctionTable {
  readonly functions = new Map<string, FunctionInfo>();
  /** Per scope key (MODULE or a function key): the functions defined in it by name → function key. */
  private readonly definitions = new Map<string, Map<string, string>>();
  /** Per class name: its method names. */
  private readonly classes = new Map<string, Set<string>>();
  /** Per method name: the keys of every class method with that name. */
  private readonly methods = new Map<string, string[]>();
  private readonly byStart = new Map<number, FunctionInfo>();

  constructor(
    top: SyntaxNode,
    private readonly source: PythonSource,
  ) {
    this.collect(top, MODULE, null);
    for (const info of this.functions.values())
      if (!this.byStart.has(info.node.from)) this.byStart.set(info.node.from, info);
  }

  /** The function a FunctionDefinition node defines (the last definition when a name is defined twice). */
  atNode(node: SyntaxNode): FunctionInfo | undefined {
    return this.byStart.get(node.from);
  }

  /** The key of the function named `name` defined directly in `scope`. */
  definedIn(scope: string, name: string): string | undefined {
    return this.definitions.get(scope)?.get(name);
  }

  isClass(name: string): boolean {
    return this.classes.has(name);
  }

  hasMethod(className: string, method: string): boolean {
    return this.classes.get(className)?.has(method) === true;
  }

  /** Every class method named `name`, as `Class.name` keys. */
  methodsNamed(name: string): string[] {
    return this.methods.get(name) ?? [];
  }

  private collect(node: SyntaxNode, scope: string, className: string | null): void {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'FunctionDefinition') {
        const name = this.source.of(child.getChild('VariableName'));
        const key = className !== null ? `${className}.${name}` : scope === MODULE ? name : `${scope}.${name}`;
        const decorators = child.parent?.name === 'DecoratedStatement' ? child.parent.getChildren('Decorator') : [];
        this.functions.set(key, {
          key,
          name,
          node: child,
          params: parameters(child.getChild('ParamList'), this.source),
          parent: scope,
          className,
          isStatic: decorators.some((d) => this.source.of(d).includes('staticmethod')),
        });
        if (className !== null) {
          this.classes.get(className)?.add(name);
          this.methods.set(name, [...(this.methods.get(name) ?? []), key]);
        } else {
          let definitions = this.definitions.get(scope);
          if (!definitions) this.definitions.set(scope, (definitions = new Map()));
          definitions.set(name, key);
        }
        const body = child.getChild('Body');
        if (body) this.collect(body, key, null);
      } else if (child.name === 'ClassDefinition') {
        const name = this.source.of(child.getChild('VariableName'));
        this.classes.set(name, new Set());
        const body = child.getChild('Body');
        if (body) this.collect(body, scope, name);
      } else if (child.name !== 'LambdaExpression') {
        this.collect(child, scope, className);
      }
    }
  }
}

/** The parameter names of a ParamList (default values skipped). */
export function parameters(list: SyntaxNode | null, source: PythonSource): Parameter[] {
  const result: Parameter[] = [];
  if (!list) return result;
  let star = false;
  let afterAssign = false;
  for (let child = list.firstChild; child; child = child.nextSibling) {
    if (child.name === '*' || child.name === '**') star = true;
    else if (child.name === 'AssignOp') afterAssign = true;
    else if (child.name === ',') {
      star = false;
      afterAssign = false;
    } else if (child.name === 'VariableName' && !afterAssign) result.push({ name: source.of(child), star });
  }
  return result;
}
