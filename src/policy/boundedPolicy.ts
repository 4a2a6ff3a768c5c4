// @cloud-copilot/iam-simulate turns every Action, Resource and condition pattern into a backtracking regular expression
// (`*` → `.*?`): a pattern with many wildcards, such as `ec2:` + 20 `*` + `Z`, takes minutes on one request. Before a
// policy from input reaches it, the policy is rewritten for the one request being simulated: runs of `*` become one
// (the same set of strings), an Action or Resource pattern with more wildcards than the simulator handles quickly
// is decided here, with the linear matcher, and replaced by the request's own action or resource (it matches) or by a
// name that matches nothing (it does not), and long lists keep only the patterns that can match the request.
import { wildcardMatch } from '../model/wildcardMatch.js';
import type { PolicyDocument, PolicyStatement } from './roleInfo.js';

/** Wildcards a pattern may keep for the simulator: with n wildcards its regex backtracks in time ~ length^n. */
export const SIMULATOR_WILDCARD_LIMIT = 2;
const NO_MATCH_ACTION = 'runbook-iam:NoRequestMatchesThis';
const NO_MATCH_RESOURCE = 'arn:aws:runbook-iam:::no-request-matches-this';
const NO_MATCH_VALUE = 'runbook-iam-no-request-matches-this';

export interface SimulatedRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/** The policy to give the simulator for this request, or why it cannot be simulated safely. */
export function boundedPolicy(
  document: PolicyDocument,
  request: SimulatedRequest,
): { document: PolicyDocument } | { unsafe: string } {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const bounded: PolicyStatement[] = [];
  for (const statement of statements) {
    if (typeof statement !== 'object' || statement === null) {
      bounded.push(statement);
      continue;
    }
    const copy: PolicyStatement = { ...statement };
    for (const key of ['Action', 'NotAction'] as const) {
      const value = statement[key];
      if (value !== undefined)
        copy[key] = pruned(
          mapPatterns(value, (pattern) => decided(pattern, request.action, true)),
          request.action,
          NO_MATCH_ACTION,
        );
    }
    for (const key of ['Resource', 'NotResource'] as const) {
      const value = statement[key];
      if (value === undefined) continue;
      let unsafe: string | undefined;
      copy[key] = mapPatterns(value, (pattern) => {
        // A policy variable (${aws:username}) is resolved by the simulator; with many wildcards it cannot be decided here.
        if (pattern.includes('${') && wildcards(collapse(pattern)) > SIMULATOR_WILDCARD_LIMIT) unsafe = pattern;
        return pattern.includes('${') ? collapse(pattern) : decided(pattern, request.resource, false);
      });
      if (unsafe !== undefined) return { unsafe: tooMany(unsafe) };
      copy[key] = pruned(copy[key], request.resource, NO_MATCH_RESOURCE);
    }
    if (statement.Condition !== undefined) {
      const condition = boundedCondition(statement.Condition, request.context ?? {});
      if ('unsafe' in condition) return { unsafe: tooMany(condition.unsafe) };
      copy.Condition = condition.condition;
    }
    // Principal and NotPrincipal are compared by the simulator without regular expressions: they stay as written.
    bounded.push(copy);
  }
  return { document: { ...document, Statement: bounded } };
}

/**
 * A long list of patterns keeps only those that can match the request: the simulator compiles a regular expression
 * per pattern per request, so a policy of 2,000 resources simulated for 2,000 needs would compile four million. The
 * match here is case-insensitive over the whole string, which accepts everything the simulator's per-segment match
 * accepts, so no pattern that could match is dropped. Patterns with policy variables are kept as they are.
 */
function pruned(value: string | string[], requested: string, noMatch: string): string | string[] {
  if (!Array.isArray(value) || value.length <= 4) return value;
  const kept = value.filter(
    (pattern) =>
      typeof pattern !== 'string' || pattern.includes('${') || wildcardMatch(pattern, requested, { ignoreCase: true }),
  );
  return kept.length > 0 ? kept : [noMatch];
}

function decided(pattern: string, requested: string, isAction: boolean): string {
  const collapsed = collapse(pattern);
  const simple = isAction ? /^[\w*?:-]*$/.test(collapsed) : !/[()[\]{}|+\\^$]/.test(collapsed);
  if (simple && wildcards(collapsed) <= SIMULATOR_WILDCARD_LIMIT) return collapsed;
  const matches = wildcardMatch(collapsed, requested, { ignoreCase: isAction });
  if (matches) return requested;
  return isAction ? NO_MATCH_ACTION : NO_MATCH_RESOURCE;
}

type Condition = NonNullable<PolicyStatement['Condition']>;

/**
 * `StringLike`, `ArnLike` and their negations (with `ForAnyValue:`/`ForAllValues:` and `IfExists`) match wildcards: a
 * value with many is decided against the request's context values for the key, and replaced by the values it matches,
 * or by a value no context holds when it matches none.
 */
function boundedCondition(
  condition: Condition,
  context: Record<string, string | string[]>,
): { condition: Condition } | { unsafe: string } {
  const bounded: Condition = {};
  for (const [operator, keys] of Object.entries(condition)) {
    if (typeof keys !== 'object' || keys === null) {
      bounded[operator] = keys;
      continue;
    }
    const matchesWildcards = /Like(IfExists)?$/i.test(operator);
    const entries: [string, unknown][] = [];
    for (const [key, value] of Object.entries(keys)) {
      const given = Object.entries(context).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
      const contextValues = given === undefined ? [] : Array.isArray(given) ? given : [given];
      let unsafe: string | undefined;
      // A pattern stands for the context values it matches: each of them, so that ForAllValues still sees them all.
      const decide = (pattern: string): string[] => {
        const collapsed = collapse(pattern);
        if (!matchesWildcards || wildcards(collapsed) <= SIMULATOR_WILDCARD_LIMIT) return [collapsed];
        if (collapsed.includes('${')) unsafe = pattern;
        const matched = contextValues.filter((candidate) => wildcardMatch(collapsed, candidate));
        return matched.length > 0 ? matched : [NO_MATCH_VALUE];
      };
      const mapped = Array.isArray(value)
        ? value.flatMap((item: unknown) => (typeof item === 'string' ? decide(item) : [item]))
        : typeof value === 'string'
          ? decide(value)
          : value;
      if (unsafe !== undefined) return { unsafe };
      entries.push([key, mapped]);
    }
    bounded[operator] = Object.fromEntries(entries) as Condition[string];
  }
  return { condition: bounded };
}

function mapPatterns(value: string | string[], map: (pattern: string) => string): string | string[] {
  if (Array.isArray(value)) return value.map((pattern) => (typeof pattern === 'string' ? map(pattern) : pattern));
  return typeof value === 'string' ? map(value) : value;
}

function collapse(pattern: string): string {
  return pattern.replace(/\*{2,}/g, '*');
}

function wildcards(pattern: string): number {
  let count = 0;
  for (const char of pattern) if (char === '*' || char === '?') count++;
  return count;
}

function tooMany(pattern: string): string {
  const shown = pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern;
  return `the policy pattern "${shown}" has ${wildcards(collapse(pattern))} wildcards and a policy variable, more than the offline evaluation handles`;
}
