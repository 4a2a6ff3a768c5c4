import type { FunctionInfo } from './functionTable.js';
import { MODULE } from './functionTable.js';
import type { Interpreter } from './interpreter.js';
import type { ProgramState } from './programState.js';
import type { Value } from './value.js';

/** The region of `if __name__ == '__main__':` blocks, which Automation never runs. */
export const MAIN_GUARD = '<main-guard>';

/** Where code runs: module level, a function body, or a class body. */
export interface Scope {
  /** The function whose locals the code writes (MODULE at module level and in class bodies there). */
  fn: string;
  /** Where calls found here are reported as being (MODULE, a function key, or MAIN_GUARD). */
  region: string;
  locals: Map<string, Value>;
  /** Names declared `global` in this function. */
  globalNames: Set<string>;
  /** The class whose body this is, if any. */
  cls: string | null;
}

/** Methods Python calls when a class is instantiated or used as a context manager. */
const CLASS_ENTRY_METHODS = ['__init__', '__new__', '__post_init__', '__call__', '__enter__', '__exit__'];

/** Module-level code: its names are globals, kept in the program state (its `locals` are never read). */
export function moduleScope(): Scope {
  return { fn: MODULE, region: MODULE, locals: new Map(), globalNames: new Set(), cls: null };
}

/** A function body's scope, its parameters bound to what callers pass (`self` to an instance of its class). */
export function functionScope(info: FunctionInfo, state: ProgramState): Scope {
  const locals = new Map<string, Value>();
  const bound = state.paramsOf(info.key);
  info.params.forEach((param, index) => {
    const value = bound?.get(param.name);
    if (index === 0 && info.className !== null && !info.isStatic)
      locals.set(param.name, { kind: 'instance', cls: info.className });
    else if (value && value.kind !== 'unknown') locals.set(param.name, value);
  });
  return { fn: info.key, region: info.key, locals, globalNames: new Set(), cls: null };
}

/** Binds a name as an import or `:=` does: a global at module level or when declared global, else a local. */
export function assignName(it: Interpreter, name: string, value: Value, scope: Scope): void {
  if (scope.fn === MODULE || scope.globalNames.has(name)) it.state.setGlobal(name, value);
  else scope.locals.set(name, value);
}

/**
 * The value of a name: a local, a function defined in this or an enclosing scope, an enclosing function's local, a
 * global, or a class. Referring to a function or class links the current region to it for reachability.
 */
export function lookupName(it: Interpreter, name: string, scope: Scope): Value | undefined {
  if (scope.fn !== MODULE && !scope.globalNames.has(name) && scope.locals.has(name)) return scope.locals.get(name);
  if (scope.fn === MODULE && scope.cls !== null && scope.locals.has(name)) return scope.locals.get(name);
  for (let fn: string | undefined = scope.fn; fn !== undefined; fn = it.table.functions.get(fn)?.parent) {
    const key = it.table.definedIn(fn, name);
    if (key !== undefined) {
      it.log.addEdge(scope.region, key);
      return { kind: 'function', keys: [key], bound: false };
    }
    if (fn !== scope.fn && fn !== MODULE) {
      const outer = it.state.localsOf(fn)?.get(name);
      if (outer) return outer;
    }
    if (fn === MODULE) break;
  }
  const global = it.state.global(name);
  if (global) return global;
  if (it.table.isClass(name)) {
    for (const method of CLASS_ENTRY_METHODS)
      if (it.table.hasMethod(name, method)) it.log.addEdge(scope.region, `${name}.${method}`);
    return { kind: 'class', name };
  }
  return undefined;
}
