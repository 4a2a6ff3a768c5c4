// Concrete ARNs for simulating a policy. A simulator (like IAM) decides which resource type a request's ARN is by
// matching it against the ARN formats of the action's resource types in the Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html);
// an ARN of the wrong shape, such as `stack/Name` for a CloudFormation stack whose format is
// `stack/${StackName}/${Id}`, matches none. So every sample is built from the resource type's own ARN format, each
// variable filled with a value of its kind, and constrained to what the need's resource pattern allows.
import { iamActionInfo } from '../../permissions/actionMap.js';
import type { ArnValues } from './policyModel.js';

export const OUTSIDE_NAME = 'runbook-iam-outside';

/** A concrete ARN and the ARN format (resource type) it was built from. */
export interface SampleArn {
  resource: string;
  arnFormat: string;
}

// Identifier shapes AWS documents for common resource ids; any other variable gets a plain name.
const SAMPLE_IDS: Record<string, string> = {
  InstanceId: 'i-0123456789abcdef0',
  ImageId: 'ami-0123456789abcdef0',
  SnapshotId: 'snap-0123456789abcdef0',
  VolumeId: 'vol-0123456789abcdef0',
  SecurityGroupId: 'sg-0123456789abcdef0',
  SubnetId: 'subnet-0123456789abcdef0',
  VpcId: 'vpc-0123456789abcdef0',
  KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  Id: '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  UUID: '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  GroupId: '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  Version: '1',
};

/** A valid value for an ARN format variable: `${InstanceId}` → `i-0123456789abcdef0`, `${StackName}` → `sample`. */
export function sampleVariableValue(variable: string): string {
  return SAMPLE_IDS[variable] ?? (/Id$/.test(variable) ? 'sample-id' : 'sample');
}

type PatternToken = { literal: string } | { wildcard: '*' | '?' };
type FormatToken = { literal: string } | { variable: string };

/**
 * For every resource type of `action` whose ARN format can name something `pattern` (an IAM resource pattern with
 * `*` and `?`) names, one ARN both match. Empty when the action has no resource type (only `*` works) or the pattern
 * fits none of its formats (an AWS-owned document, `arn:aws:ssm:us-east-1::document/AWS-RunShellScript`, has no
 * account, which the `document` format requires).
 */
export function sampleArns(action: string, pattern: string, values: Required<ArnValues>): SampleArn[] {
  const formats = (iamActionInfo(action)?.resourceTypes ?? []).flatMap((type) => type.arnTemplates);
  const samples: SampleArn[] = [];
  for (const arnFormat of formats) {
    const resource = arnWitness(pattern, arnFormat, (variable) => placeholderValue(variable, values));
    if (resource !== undefined && !samples.some((sample) => sample.resource === resource))
      samples.push({ resource, arnFormat });
  }
  return samples;
}

/** An ARN of `arnFormat` whose first name is `runbook-iam-outside` (the others keep a sample value): a resource nobody named. */
export function outsideArn(arnFormat: string, values: Required<ArnValues>): string {
  let first = true;
  return fillValues(arnFormat, values).replace(/\$\{(\w+)\}/g, (_, variable: string) => {
    const value = first ? OUTSIDE_NAME : sampleVariableValue(variable);
    first = false;
    return value;
  });
}

/** `${Partition}`, `${Region}`, `${Account}`: the values given; any other variable: a sample of its kind. */
function placeholderValue(variable: string, values: Required<ArnValues>): string {
  if (variable === 'Partition') return values.partition;
  if (variable === 'Region') return values.region;
  if (variable === 'Account') return values.account;
  return sampleVariableValue(variable);
}

function fillValues(text: string, values: Required<ArnValues>): string {
  return text
    .replaceAll('${Partition}', values.partition)
    .replaceAll('${Region}', values.region)
    .replaceAll('${Account}', values.account);
}

/**
 * A string matched both by the IAM pattern and by the ARN format, or undefined when there is none. The first five
 * ARN parts (arn, partition, service, region, account) are matched part by part, the resource part as a whole, as
 * IAM does; a format variable that is a whole part never spans a `:` or `/`.
 */
export function arnWitness(
  pattern: string,
  arnFormat: string,
  valueOf: (variable: string) => string = sampleVariableValue,
): string | undefined {
  const patternParts = splitArn(pattern);
  const formatParts = splitArn(arnFormat);
  if (!patternParts || !formatParts) return undefined;
  const parts: string[] = [];
  for (let index = 0; index < 6; index++) {
    const part = partWitness(patternParts[index] as string, formatParts[index] as string, valueOf);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return parts.join(':');
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function patternTokens(text: string): PatternToken[] {
  return [...text].map((char) => (char === '*' || char === '?' ? { wildcard: char } : { literal: char }));
}

function formatTokens(text: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  for (const match of text.matchAll(/\$\{(\w+)\}|([\s\S])/g)) {
    if (match[1] !== undefined) tokens.push({ variable: match[1] });
    else tokens.push({ literal: match[2] as string });
  }
  return tokens;
}

interface Edge {
  to: [number, number, boolean];
  text: string;
  /**
   * 1 when a format variable ends on a literal of the pattern (a `*` that follows should fill it instead), and 2 more
   * when a variable takes a `:` or `/` of the pattern: names keep to one ARN segment where they can.
   */
  cost: number;
}

/**
 * Search (cheapest first) over (pattern position, format position, variable started) for a string both accept. A
 * format variable takes one character or more; where the pattern has `*`, it takes the variable's sample value whole
 * (`instance/i-*` gives `instance/i-sample`, not `instance/i-`).
 */
function partWitness(pattern: string, format: string, valueOf: (variable: string) => string): string | undefined {
  const p = patternTokens(pattern);
  const f = formatTokens(format);
  const wholeVariable = f.length === 1 && 'variable' in (f[0] as FormatToken);
  const fits = (char: string): boolean => !wholeVariable || (char !== ':' && char !== '/');
  const edges = (i: number, j: number, started: boolean): Edge[] => {
    const out: Edge[] = [];
    const pt = p[i];
    const ft = f[j];
    if (pt && 'wildcard' in pt && pt.wildcard === '*') {
      if (ft && 'variable' in ft)
        out.push({ to: [i, j + 1, false], text: started ? 'sample' : valueOf(ft.variable), cost: 0 });
      if (ft && 'literal' in ft) out.push({ to: [i, j + 1, false], text: ft.literal, cost: 0 });
      out.push({ to: [i + 1, j, started], text: '', cost: 0 });
      return out;
    }
    if (!pt || !ft) return out;
    const char = 'literal' in pt ? pt.literal : undefined;
    if ('literal' in ft) {
      if (char === undefined || char.toLowerCase() === ft.literal.toLowerCase())
        out.push({ to: [i + 1, j + 1, false], text: char ?? ft.literal, cost: 0 });
      return out;
    }
    const text = char ?? 'x';
    if (!fits(text)) return out;
    const separator = text === ':' || text === '/' ? 2 : 0;
    out.push({ to: [i + 1, j, true], text, cost: separator }, { to: [i + 1, j + 1, false], text, cost: 1 + separator });
    return out;
  };
  const key = (i: number, j: number, started: boolean): string => `${i},${j},${started ? 1 : 0}`;
  const previous = new Map<string, { from: string; text: string } | null>([[key(0, 0, false), null]]);
  const distance = new Map<string, number>([[key(0, 0, false), 0]]);
  const done = new Set<string>();
  // Buckets by distance (edge costs are small integers): a Dijkstra search without a heap.
  const buckets: [number, number, boolean][][] = [[[0, 0, false]]];
  const goal = key(p.length, f.length, false);
  for (let cost = 0; cost < buckets.length; cost++) {
    const bucket = buckets[cost] ?? [];
    while (bucket.length > 0) {
      const [i, j, started] = bucket.pop() as [number, number, boolean];
      const here = key(i, j, started);
      if (done.has(here) || distance.get(here) !== cost) continue;
      done.add(here);
      if (here === goal) {
        const texts: string[] = [];
        for (let step = previous.get(here); step; step = previous.get(step.from)) texts.push(step.text);
        return texts.reverse().join('');
      }
      // Pushed in reverse so that the first edge of a node is tried first.
      for (const edge of edges(i, j, started).reverse()) {
        const next = key(...edge.to);
        const nextCost = cost + edge.cost;
        if (done.has(next) || (distance.get(next) ?? Infinity) <= nextCost) continue;
        distance.set(next, nextCost);
        previous.set(next, { from: here, text: edge.text });
        (buckets[nextCost] ??= []).push(edge.to);
      }
    }
  }
  return undefined;
}
