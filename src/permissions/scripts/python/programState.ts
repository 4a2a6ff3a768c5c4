import { joinValues, sameValue } from './value.js';
import type { Value } from './value.js';

/** Map entries compared by value, for the change check. */
function sameEntries(a: Map<string, Value> | undefined, b: Map<string, Value>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const [name, value] of b) if (!sameValue(a.get(name), value)) return false;
  return true;
}

/** Keeps the first value a pass saw in a slot before writing it. */
function remember(before: Map<string, Value | undefined>, name: string, value: Value | undefined): void {
  if (!before.has(name)) before.set(name, value);
}

/** Whether any slot written in the pass holds another value than when the pass started. */
function changedIn(before: Map<string, Value | undefined>, now: Map<string, Value> | undefined): boolean {
  for (const [name, value] of before) if (!sameValue(value, now?.get(name))) return true;
  return false;
}

/**
 * What the analysis has learnt about the script's values, carried from one pass over the script to the next: module
 * globals, the values passed to each function's parameters, what each function returns, attributes stored on objects,
 * and each function's locals (read by the functions nested in it).
 *
 * A pass rewrites globals and locals as the code runs and joins into the rest. `endPass()` says whether any of it ended
 * the pass different from how it started it: the analysis has reached its fixed point when a pass changed nothing.
 */
export class ProgramState {
  /** Module globals; module-level code rewrites them in order, as Python does. */
  private readonly globals = new Map<string, Value>();
  private readonly params = new Map<string, Map<string, Value>>();
  private readonly returns = new Map<string, Value>();
  private readonly attributes = new Map<string, Value>();
  private readonly functionLocals = new Map<string, Map<string, Value>>();
  /** The values at the start of the pass of every global, parameter, return value and attribute written in it. */
  private readonly before = {
    globals: new Map<string, Value | undefined>(),
    params: new Map<string, Map<string, Value | undefined>>(),
    returns: new Map<string, Value | undefined>(),
    attributes: new Map<string, Value | undefined>(),
  };
  private localsChanged = false;

  /** Whether the pass that ends changed any value; starts the next pass. */
  endPass(): boolean {
    const { globals, params, returns, attributes } = this.before;
    const changed =
      this.localsChanged ||
      changedIn(globals, this.globals) ||
      changedIn(returns, this.returns) ||
      changedIn(attributes, this.attributes) ||
      [...params].some(([key, before]) => changedIn(before, this.params.get(key)));
    globals.clear();
    params.clear();
    returns.clear();
    attributes.clear();
    this.localsChanged = false;
    return changed;
  }

  global(name: string): Value | undefined {
    return this.globals.get(name);
  }

  /** Binds (or with no value, unbinds) a module global. */
  setGlobal(name: string, value: Value | undefined): void {
    remember(this.before.globals, name, this.globals.get(name));
    if (value) this.globals.set(name, value);
    else this.globals.delete(name);
  }

  /** What the calls seen so far pass to a function's parameters. */
  paramsOf(key: string): Map<string, Value> | undefined {
    return this.params.get(key);
  }

  /** Joins a value passed to a parameter (an argument the analysis cannot follow counts as unknown). */
  bindParam(key: string, name: string, value: Value | undefined): void {
    let params = this.params.get(key);
    if (!params) this.params.set(key, (params = new Map()));
    let before = this.before.params.get(key);
    if (!before) this.before.params.set(key, (before = new Map()));
    remember(before, name, params.get(name));
    params.set(name, joinValues(params.get(name), value ?? { kind: 'unknown' }) ?? { kind: 'unknown' });
  }

  returnOf(key: string): Value | undefined {
    return this.returns.get(key);
  }

  addReturn(key: string, value: Value): void {
    remember(this.before.returns, key, this.returns.get(key));
    this.returns.set(key, joinValues(this.returns.get(key), value) ?? value);
  }

  /** An attribute stored on a class, an instance, or any other object (`Class.attr`, `~text.attr`; `[]` for items). */
  attribute(key: string): Value | undefined {
    return this.attributes.get(key);
  }

  setAttribute(key: string, value: Value | undefined): void {
    if (!value) return;
    remember(this.before.attributes, key, this.attributes.get(key));
    this.attributes.set(key, joinValues(this.attributes.get(key), value) ?? value);
  }

  /** The locals a function ended its body with in the latest pass. */
  localsOf(key: string): Map<string, Value> | undefined {
    return this.functionLocals.get(key);
  }

  setLocals(key: string, locals: Map<string, Value>): void {
    if (!sameEntries(this.functionLocals.get(key), locals)) this.localsChanged = true;
    this.functionLocals.set(key, locals);
  }
}

/**
 * Where an attribute of an object is stored: per class for instances and classes (`Class.attr`), else per object
 * expression text (`~self.clients.attr`); `[]` stands for any item.
 */
export function attributeKey(objectValue: Value | undefined, objectText: string, attr: string): string {
  if (objectValue?.kind === 'instance') return `${objectValue.cls}.${attr}`;
  if (objectValue?.kind === 'class') return `${objectValue.name}.${attr}`;
  return `~${objectText}.${attr}`;
}
