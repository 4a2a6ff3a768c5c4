import type { SyntaxNode } from '@lezer/common';
import type { ScriptCall, ScriptCallKind, ScriptConfidence } from '../scriptAnalysis.js';
import { MODULE } from './functionTable.js';
import type { PythonSource } from './pythonSource.js';

const MAX_TEXT = 120;

/** An AWS call as the interpreter sees it, before it is placed in the source. */
export interface CallSite {
  service: string | null;
  operation: string | null;
  method: string;
  kind: ScriptCallKind;
  confidence: ScriptConfidence;
  text: string;
  /** Tells apart calls of one node that differ in something else than service and operation (a paginator name). */
  key?: string;
  /** Keyword arguments of a client call (see ScriptCall.arguments). */
  arguments?: string[];
}

/**
 * What one pass over the script found: the AWS calls (one per node, service, operation and method), which code region
 * (MODULE, a function key, or the main guard) refers to which function, and whether the script uses AWS at all.
 */
export class CallLog {
  private calls = new Map<string, ScriptCall & { region: string }>();
  private edges = new Map<string, Set<string>>();
  usesAws = false;

  constructor(private readonly source: PythonSource) {}

  /** Forgets what the previous pass found. */
  reset(): void {
    this.calls = new Map();
    this.edges = new Map();
    this.usesAws = false;
  }

  /** Code in region `from` refers to function `to` (calls it, or passes it on). */
  addEdge(from: string, to: string): void {
    let set = this.edges.get(from);
    if (!set) this.edges.set(from, (set = new Set()));
    set.add(to);
  }

  record(node: SyntaxNode, region: string, call: CallSite): void {
    const start = this.source.position(node.from);
    const end = this.source.position(node.to);
    const key = `${node.from}:${node.to}:${call.service ?? ''}:${call.operation ?? ''}:${call.method}:${call.key ?? ''}`;
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
      text: call.text.length > MAX_TEXT ? `${call.text.slice(0, MAX_TEXT - 1)}…` : call.text,
      reachableFromHandler: true,
      ...(call.arguments ? { arguments: call.arguments } : {}),
      region,
    });
  }

  /**
   * The calls in source order. Automation imports the script and calls the handler, so with a handler, a call counts as
   * reachable when it is in module code or in a function that the handler or module code refers to, directly or not.
   */
  results(handler: string | null): ScriptCall[] {
    const reachable = handler === null ? null : this.reachableFrom(handler);
    return [...this.calls.values()]
      .map(({ region, ...call }) => ({ ...call, reachableFromHandler: reachable === null || reachable.has(region) }))
      .sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private reachableFrom(handler: string): Set<string> {
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
}
