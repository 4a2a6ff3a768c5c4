// A small tree between the generated policies and the CloudFormation/Terraform text: strings keep their ARN
// placeholders (each format fills them its own way), references are written as the format writes them, and comments
// can sit before a list item (the reason for a `Resource: "*"` statement).
import { SSM_PRINCIPAL } from './policyDocument.js';
import type { GeneratedPolicy, GeneratedStatement } from './policyModel.js';

export type TreeNode =
  | { kind: 'text'; text: string }
  | { kind: 'ref'; cloudFormation: string; terraform: string }
  | { kind: 'list'; items: TreeNode[] }
  | { kind: 'map'; entries: [string, TreeNode][] }
  | { kind: 'commented'; comments: string[]; node: TreeNode };

export const text = (value: string): TreeNode => ({ kind: 'text', text: value });
export const map = (entries: [string, TreeNode][]): TreeNode => ({ kind: 'map', entries });
export const list = (items: TreeNode[]): TreeNode => ({ kind: 'list', items });

/**
 * The policy document as a tree. `special` lets the caller replace a string (the role ARN) with a reference to a
 * resource of the same template.
 */
export function policyTree(
  policy: Pick<GeneratedPolicy, 'kind' | 'statements'>,
  special: (value: string) => TreeNode | undefined = () => undefined,
): TreeNode {
  const leaf = (value: string): TreeNode => special(value) ?? text(value);
  const oneOrList = (values: string[], make: (value: string) => TreeNode): TreeNode =>
    values.length === 1 ? make(values[0] as string) : list(values.map(make));
  const statement = (entry: GeneratedStatement): TreeNode => {
    const entries: [string, TreeNode][] = [
      ['Sid', text(entry.Sid)],
      ['Effect', text('Allow')],
    ];
    if (policy.kind === 'trust') entries.push(['Principal', map([['Service', text(SSM_PRINCIPAL.Principal.Service)]])]);
    entries.push(['Action', oneOrList(entry.actions, text)]);
    if (entry.resources.length > 0) entries.push(['Resource', oneOrList(entry.resources, leaf)]);
    if (entry.conditions) {
      entries.push([
        'Condition',
        map(
          Object.entries(entry.conditions).map(([operator, keys]) => [
            operator,
            map(Object.entries(keys).map(([key, values]) => [key, oneOrList(values, leaf)])),
          ]),
        ),
      ]);
    }
    const node = map(entries);
    return entry.comments.length > 0
      ? { kind: 'commented', comments: ['Resource "*":', ...entry.comments.map((line) => `  ${line}`)], node }
      : node;
  };
  return map([
    ['Version', text('2012-10-17')],
    ['Statement', list(policy.statements.map(statement))],
  ]);
}
