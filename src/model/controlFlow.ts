import type { SourceRange } from '../parse/sourceRange.js';
import { stepLabel } from './stepLabel.js';
import type { Runbook, Step } from './runbook.js';

export type EdgeKind = 'next' | 'nextStep' | 'choice' | 'default' | 'onFailure' | 'onCancel' | 'loopBody';

export interface FlowEdge {
  from: number;
  /** Index of the target step; undefined when the named step does not exist. */
  to: number | undefined;
  targetName?: string;
  kind: EdgeKind;
  /** Where the edge is written: the nextStep / NextStep / Default / onFailure / onCancel value, or the step's head. */
  range: SourceRange;
}

export interface ControlFlowGraph {
  steps: readonly Step[];
  edges: FlowEdge[];
  successors(index: number): FlowEdge[];
  /** Indices of steps reachable from the first step along any edge. */
  reachable(): Set<number>;
  indexOf(name: string): number | undefined;
}

/**
 * The control-flow graph over a runbook's steps. Automation runs steps in order unless a step names `nextStep`,
 * is an aws:branch (Choices/Default), sets `isEnd`, or fails/is cancelled with `onFailure`/`onCancel` set to
 * `step:Name` (`Continue` goes on to the next step; `Abort`, the default, ends the run). aws:loop runs its
 * nested `Steps` and then continues.
 */
export function buildControlFlow(runbook: Runbook): ControlFlowGraph {
  const steps = runbook.steps;
  const byName = new Map<string, number>();
  for (const step of steps) if (step.name !== undefined && !byName.has(step.name)) byName.set(step.name, step.index);
  const edges: FlowEdge[] = [];
  const edge = (
    from: number,
    targetName: string | undefined,
    kind: EdgeKind,
    range: SourceRange,
    to?: number,
  ): void => {
    const resolved = to ?? (targetName === undefined ? undefined : byName.get(targetName));
    edges.push({ from, to: resolved, kind, range, ...(targetName === undefined ? {} : { targetName }) });
  };
  const followingInScope = (step: Step): number | undefined => {
    for (let i = step.index + 1; i < steps.length; i++) {
      const candidate = steps[i] as Step;
      if (candidate.loopParent === step.loopParent) return i;
      if (step.loopParent !== undefined && !isInside(candidate, step.loopParent, steps, byName)) return undefined;
    }
    return undefined;
  };
  for (const step of steps) {
    const next = followingInScope(step);
    if (step.action === 'aws:branch') {
      const choices = step.inputs?.entries.find((entry) => entry.key === 'Choices')?.value;
      if (choices?.kind === 'seq') {
        for (const choice of choices.items) {
          const target =
            choice.kind === 'map' ? choice.entries.find((entry) => entry.key === 'NextStep')?.value : undefined;
          if (target?.kind === 'scalar' && target.value !== null)
            edge(step.index, String(target.value), 'choice', target.range);
        }
      }
      const fallback = step.inputs?.entries.find((entry) => entry.key === 'Default')?.value;
      if (fallback?.kind === 'scalar' && fallback.value !== null)
        edge(step.index, String(fallback.value), 'default', fallback.range);
      // Without a Default, a branch whose choices are all false goes on to the next step (aws:branch reference:
      // "If no default value is specified for the step, the automation processes the next step in the runbook").
      else if (!step.isEnd && next !== undefined) edge(step.index, undefined, 'next', step.headRange, next);
    } else if (step.nextStep) {
      edge(step.index, step.nextStep.value, 'nextStep', step.nextStep.range);
    } else if (!step.isEnd && next !== undefined) {
      edge(step.index, undefined, 'next', step.headRange, next);
    }
    if (step.action === 'aws:loop') {
      const body = steps.find((candidate) => candidate.loopParent === stepLabel(step));
      if (body) edge(step.index, undefined, 'loopBody', step.headRange, body.index);
    }
    for (const [kind, transition] of [
      ['onFailure', step.onFailure],
      ['onCancel', step.onCancel],
    ] as const) {
      if (transition?.kind === 'step') edge(step.index, transition.target, kind, transition.range);
      else if (transition?.kind === 'Continue' && kind === 'onFailure' && next !== undefined)
        edge(step.index, undefined, kind, transition.range, next);
    }
  }
  const outgoing = new Map<number, FlowEdge[]>();
  for (const flow of edges) {
    const list = outgoing.get(flow.from) ?? [];
    list.push(flow);
    outgoing.set(flow.from, list);
  }
  return {
    steps,
    edges,
    successors: (index) => outgoing.get(index) ?? [],
    indexOf: (name) => byName.get(name),
    reachable() {
      const seen = new Set<number>();
      const first = steps.find((step) => step.loopParent === undefined);
      if (!first) return seen;
      const stack = [first.index];
      while (stack.length > 0) {
        const current = stack.pop() as number;
        if (seen.has(current)) continue;
        seen.add(current);
        for (const flow of outgoing.get(current) ?? [])
          if (flow.to !== undefined && !seen.has(flow.to)) stack.push(flow.to);
      }
      return seen;
    },
  };
}

function isInside(step: Step, loopName: string, steps: readonly Step[], byName: Map<string, number>): boolean {
  let parent = step.loopParent;
  while (parent !== undefined) {
    if (parent === loopName) return true;
    const index = byName.get(parent);
    parent = index === undefined ? undefined : steps[index]?.loopParent;
  }
  return false;
}
