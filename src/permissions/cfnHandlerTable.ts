// Reader for action-map/cfn-handlers.json: the permissions of CloudFormation resource types' handlers, copied from the
// CloudFormation registry schemas (scripts/buildCfnHandlers.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/packageRoot.js';

/** The handlers a stack operation runs for a resource. */
export type CfnHandler = 'create' | 'update' | 'delete';
export const CFN_HANDLERS: readonly CfnHandler[] = ['create', 'update', 'delete'];

/** One resource type: its handlers' permissions, and where they were read. */
export interface CfnHandlerEntry {
  create: string[];
  /** Absent when the type has no update handler (CloudFormation replaces it on every change). */
  update?: string[];
  delete?: string[];
  /** Entries of the schema's lists that are not IAM actions, left out of the lists above. */
  notIamActions?: string[];
  /** A key of `sources`: the copy of the registry schemas the entry was read from. */
  source: string;
  commit: string;
}

export interface CfnHandlerTable {
  $schema?: string;
  about: string;
  sources: Record<string, string>;
  types: Record<string, CfnHandlerEntry>;
}

let table: CfnHandlerTable | undefined;

/** The whole table, read once. */
export function cfnHandlerTable(): CfnHandlerTable {
  table ??= JSON.parse(readFileSync(join(packageRoot(), 'action-map', 'cfn-handlers.json'), 'utf8')) as CfnHandlerTable;
  return table;
}

/** The permissions of one handler of a resource type (`AWS::SQS::Queue`), or undefined when the table lacks the type. */
export function cfnHandlerPermissions(typeName: string, handler: CfnHandler): string[] | undefined {
  const entry = cfnHandlerTable().types[typeName];
  if (!entry) return undefined;
  return entry[handler] ?? [];
}
