// Typed, lazy loader for the generated action map in action-map/ (index.json, services/*.json, iam/*.json; index.json's
// dataFiles says which file holds each client's and IAM prefix's data). Each file is read once, synchronously, the first time something asks for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/packageRoot.js';
import { closestMatch } from '../model/closestMatch.js';
import type {
  ActionMapProvenance,
  AutomationActionInfo,
  AutomationPermission,
  IamActionInfo,
  OperationAction,
  OperationInfo,
  ResourceInput,
  ServiceInfo,
} from './actionMapTypes.js';

export type * from './actionMapTypes.js';

interface StoredIndex {
  provenance: ActionMapProvenance;
  clients: Record<string, Omit<ServiceInfo, 'client'>>;
  aliases: Record<string, string>;
  iamPrefixes: string[];
  dataFiles: Record<'services' | 'iam' | 'shapes', Record<string, string>>;
  automationActions: Record<string, Omit<AutomationActionInfo, 'type'>>;
}
interface StoredOperation {
  actions: (string | OperationAction)[];
  source?: 'override' | 'unresolved';
  resourceInputs?: Record<string, string>;
}
interface StoredService {
  client: string;
  iamPrefix: string | null;
  operations: Record<string, StoredOperation>;
  waiters: Record<string, string>;
  paginators: string[];
}
interface StoredIamPrefix {
  prefix: string;
  serviceName: string;
  /** [access level, resource types (`*` suffix = required), condition keys] */
  actions: Record<string, [string, string[], string[]]>;
  resourceTypes: Record<string, { arn: string; conditionKeys: string[] }>;
}

/** action-map/ beside package.json: the package root found from src/ in tests, dist/src/ when built, or the action bundle. */
function findActionMapDir(): string {
  return join(packageRoot(), 'action-map');
}

let actionMapDir: string | undefined;
let index: StoredIndex | undefined;
const services = new Map<string, StoredService>();
const iamFiles = new Map<string, StoredIamPrefix | undefined>();
const lowerCaseOperations = new Map<string, Map<string, string>>();

function readData<T>(relative: string): T {
  actionMapDir ??= findActionMapDir();
  return JSON.parse(readFileSync(join(actionMapDir, relative), 'utf8')) as T;
}

const groupFiles = new Map<string, Record<string, unknown>>();

/** The file of services/ or iam/ that holds a name's data (index.json dataFiles: its own file, or a shared one). */
function groupFile<T>(directory: 'services' | 'iam' | 'shapes', name: string): Record<string, T> {
  const file = loadIndex().dataFiles[directory][name] as string;
  let group = groupFiles.get(file);
  if (!group) {
    group = readData<Record<string, unknown>>(file);
    groupFiles.set(file, group);
  }
  return group as Record<string, T>;
}

function loadIndex(): StoredIndex {
  index ??= readData<StoredIndex>('index.json');
  return index;
}

function loadService(client: string): StoredService | undefined {
  if (!Object.hasOwn(loadIndex().clients, client)) return undefined;
  let service = services.get(client);
  if (!service) {
    service = groupFile<StoredService>('services', client)[client] as StoredService;
    services.set(client, service);
  }
  return service;
}

function loadIamPrefix(prefix: string): StoredIamPrefix | undefined {
  const key = prefix.toLowerCase();
  if (!iamFiles.has(key)) {
    iamFiles.set(key, loadIndex().iamPrefixes.includes(key) ? groupFile<StoredIamPrefix>('iam', key)[key] : undefined);
  }
  return iamFiles.get(key);
}

const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

// ---------------------------------------------------------------------------------------------------------------

export function actionMapProvenance(): ActionMapProvenance {
  const { sources, generated } = loadIndex().provenance;
  return { sources: sources.map((s) => ({ ...s })), generated };
}

/** Every boto3 client name the map knows, sorted. */
export function boto3Clients(): string[] {
  return Object.keys(loadIndex().clients);
}

/** The service behind an exact boto3 client name (`ec2`, `stepfunctions`, `elbv2`). */
export function serviceForClient(name: string): ServiceInfo | undefined {
  const info = Object.hasOwn(loadIndex().clients, name) ? loadIndex().clients[name] : undefined;
  return info ? { client: name, ...info } : undefined;
}

/**
 * The boto3 client a wrong name most likely means: different case or punctuation (`EC2`, `ssm_incidents`),
 * an IAM prefix, endpoint prefix or JavaScript SDK name (`states`, `CloudWatchLogs`, `elasticloadbalancingv2`),
 * or a near miss by edit distance (`stepfunction`). Undefined when nothing is close.
 */
export function suggestClient(name: string): string | undefined {
  const { clients, aliases } = loadIndex();
  const key = squash(name);
  if (!key) return undefined;
  const bySquashedName = new Map(Object.keys(clients).map((c) => [squash(c), c]));
  const direct = bySquashedName.get(key) ?? (Object.hasOwn(aliases, key) ? aliases[key] : undefined);
  if (direct) return direct;
  // The shortest client that starts with what was typed (`dynamo` → dynamodb, not dynamodbstreams).
  const startingWith = [...bySquashedName.keys()]
    .filter((c) => key.length >= 4 && c.startsWith(key))
    .sort((a, b) => a.length - b.length);
  const [first, second] = startingWith;
  if (first && (!second || second.length > first.length)) return bySquashedName.get(first);
  const candidates = [...bySquashedName.keys(), ...Object.keys(aliases)];
  const near = closestMatch(key, candidates, Math.min(3, Math.max(1, Math.floor(key.length / 4))));
  if (!near) return undefined;
  return bySquashedName.get(near) ?? aliases[near];
}

/** PascalCase operation names of a client, sorted; empty for an unknown client. */
export function operationsOf(client: string): string[] {
  return Object.keys(loadService(client)?.operations ?? {});
}

function expandResourceInput(encoded: string): ResourceInput {
  const hash = encoded.lastIndexOf('#');
  const resourceType = encoded.slice(0, hash);
  const tail = encoded.slice(hash + 1);
  if (tail === 'arn' || tail === 'url') return { resourceType, form: tail };
  return { resourceType, form: 'id', variable: tail };
}

/** The IAM actions for `client` / exact PascalCase `name`; undefined when the client or operation does not exist. */
export function lookupOperation(client: string, name: string): OperationInfo | undefined {
  const service = loadService(client);
  const stored = service && Object.hasOwn(service.operations, name) ? service.operations[name] : undefined;
  if (!stored) return undefined;
  const info: OperationInfo = {
    client,
    name,
    actions: stored.actions.map((a) => (typeof a === 'string' ? { action: a } : { ...a })),
    source: stored.source ?? 'exact',
  };
  if (stored.resourceInputs) {
    info.resourceInputs = Object.fromEntries(
      Object.entries(stored.resourceInputs).map(([member, encoded]) => [member, expandResourceInput(encoded)]),
    );
  }
  return info;
}

function operationIndex(client: string): Map<string, string> | undefined {
  const service = loadService(client);
  if (!service) return undefined;
  let byLowerCase = lowerCaseOperations.get(client);
  if (!byLowerCase) {
    byLowerCase = new Map(Object.keys(service.operations).map((op) => [op.toLowerCase(), op]));
    lowerCaseOperations.set(client, byLowerCase);
  }
  return byLowerCase;
}

/**
 * The operation a boto3 snake_case method name calls (`describe_instances` → DescribeInstances). boto3's
 * conversion has irregular cases (`list_objects_v2`, `get_bucket_cors`), so names are compared case-insensitively
 * with underscores removed.
 */
export function operationForSnakeCase(client: string, snake: string): string | undefined {
  return operationIndex(client)?.get(snake.replace(/_/g, '').toLowerCase());
}

/** Did-you-mean for `Api:` values: wrong case, snake_case, or a near miss by edit distance. */
export function suggestOperation(client: string, name: string): string | undefined {
  const byLowerCase = operationIndex(client);
  if (!byLowerCase) return undefined;
  const key = name.replace(/[_\-\s]/g, '').toLowerCase();
  const exact = byLowerCase.get(key);
  if (exact) return exact;
  // The same misspelling tends to recur across a repository's runbooks: each is measured against the service once.
  const memoKey = `${client}\u0000${key}`;
  if (suggestions.has(memoKey)) return suggestions.get(memoKey);
  const near = closestMatch(key, byLowerCase.keys(), Math.min(3, Math.max(1, Math.floor(key.length / 5))));
  const suggestion = near ? byLowerCase.get(near) : undefined;
  suggestions.set(memoKey, suggestion);
  return suggestion;
}

const suggestions = new Map<string, string | undefined>();

/** Every `aws:` action type in the table, sorted. */
export function automationActionTypes(): string[] {
  return Object.keys(loadIndex().automationActions);
}

const automationActionInfos = new Map<string, AutomationActionInfo | undefined>();

/**
 * What Automation itself calls for an `aws:` action type; undefined for an unknown type. Built once per type and
 * frozen (every step asks for its type's entry; callers only read it).
 */
export function automationActionInfo(type: string): AutomationActionInfo | undefined {
  if (automationActionInfos.has(type)) return automationActionInfos.get(type);
  const actions = loadIndex().automationActions;
  const entry = Object.hasOwn(actions, type) ? actions[type] : undefined;
  const info = entry
    ? deepFreeze({
        type,
        ...entry,
        actions: entry.actions.map((a): AutomationPermission => structuredClone(a)),
        inputs: structuredClone(entry.inputs),
      })
    : undefined;
  automationActionInfos.set(type, info);
  return info;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function splitAction(action: string): [StoredIamPrefix, string] | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  const file = loadIamPrefix(action.slice(0, colon));
  if (!file) return undefined;
  let byLowerCase = lowerCaseIamActions.get(file);
  if (!byLowerCase) {
    byLowerCase = new Map(Object.keys(file.actions).map((name) => [name.toLowerCase(), name]));
    lowerCaseIamActions.set(file, byLowerCase);
  }
  const name = byLowerCase.get(action.slice(colon + 1).toLowerCase());
  return name ? [file, name] : undefined;
}

/** IAM compares action names case-insensitively; one lower-case index per service prefix file. */
const lowerCaseIamActions = new WeakMap<StoredIamPrefix, Map<string, string>>();

/** True when `prefix:Name` is an IAM action (case-insensitive, as IAM compares actions). */
export function iamActionExists(action: string): boolean {
  return splitAction(action) !== undefined;
}

/** Access level, resource types with ARN templates, and condition keys of an IAM action. */
export function iamActionInfo(action: string): IamActionInfo | undefined {
  // Asked for every need, several times: built once per action and frozen, so that callers share it safely.
  const key = action.toLowerCase();
  if (actionInfos.has(key)) return actionInfos.get(key);
  const found = splitAction(action);
  let info: IamActionInfo | undefined;
  if (found) {
    const [file, name] = found;
    const [accessLevel, resourceTypes, conditionKeys] = file.actions[name] as [string, string[], string[]];
    info = deepFreeze({
      action: `${file.prefix}:${name}`,
      accessLevel,
      resourceTypes: resourceTypes.map((encoded) => {
        const required = encoded.endsWith('*');
        const typeName = required ? encoded.slice(0, -1) : encoded;
        const type = file.resourceTypes[typeName];
        return {
          name: typeName,
          required,
          arnTemplates: type ? [type.arn] : [],
          conditionKeys: type ? [...type.conditionKeys] : [],
        };
      }),
      conditionKeys: [...conditionKeys],
    });
  }
  actionInfos.set(key, info);
  return info;
}

const actionInfos = new Map<string, IamActionInfo | undefined>();

/** ARN template and condition keys of a resource type given as `prefix:resource-type` (`ec2:instance`). */
export function iamResourceType(qualified: string): { arnTemplate: string; conditionKeys: string[] } | undefined {
  const colon = qualified.indexOf(':');
  const file = colon > 0 ? loadIamPrefix(qualified.slice(0, colon)) : undefined;
  const type = file?.resourceTypes[qualified.slice(colon + 1)];
  return type ? { arnTemplate: type.arn, conditionKeys: [...type.conditionKeys] } : undefined;
}

/** PascalCase or snake_case → PascalCase waiter name (`instance_running` → InstanceRunning). */
const pascalCase = (name: string): string =>
  name.includes('_') || name === name.toLowerCase()
    ? name
        .split('_')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join('')
    : name.charAt(0).toUpperCase() + name.slice(1);

/** The operation a waiter polls: `waiterOperation('ec2', 'instance_running')` → DescribeInstances. */
export function waiterOperation(client: string, waiterName: string): string | undefined {
  const waiters = loadService(client)?.waiters;
  if (!waiters) return undefined;
  const wanted = pascalCase(waiterName).toLowerCase();
  const name = Object.keys(waiters).find((w) => w.toLowerCase() === wanted);
  return name ? waiters[name] : undefined;
}

/** Waiter names of a client in boto3's snake_case (`instance_running`). */
export function waitersOf(client: string): string[] {
  return Object.keys(loadService(client)?.waiters ?? {}).map(snakeCaseOf);
}

/** A PascalCase AWS name as boto3 writes it (`DescribeDBInstances` → describe_db_instances). */
export function snakeCaseOf(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The operation behind `client.get_paginator(snakeName)`, when the operation can be paginated. */
export function paginatorOperation(client: string, snakeName: string): string | undefined {
  const op = operationForSnakeCase(client, snakeName);
  return op && loadService(client)?.paginators.includes(op) ? op : undefined;
}

const operationsByAction = new Map<string, OperationInfo | undefined>();

/**
 * Automation's own calls mirror an API whose input names the step shares (aws:changeInstanceState → ec2
 * StopInstances, aws:invokeLambdaFunction → lambda Invoke): the operation of the same name, or else the first
 * operation of the client whose only unconditional action it is. Memoised with the rest of the loaded data.
 */
export function operationForAutomationCall(action: string): OperationInfo | undefined {
  if (operationsByAction.has(action)) return operationsByAction.get(action);
  const [prefix, operation] = action.split(':') as [string, string];
  const client = prefix === 'states' ? 'stepfunctions' : prefix;
  let found = lookupOperation(client, operation);
  if (!found) {
    for (const name of operationsOf(client)) {
      const candidate = lookupOperation(client, name);
      const unconditional = candidate?.actions.filter((entry) => entry.whenInput === undefined) ?? [];
      if (unconditional.length === 1 && unconditional[0]?.action === action) {
        found = candidate;
        break;
      }
    }
  }
  operationsByAction.set(action, found);
  return found;
}

/**
 * The text of the shapes/ file that holds a client's operation shapes, read once; undefined for a client the map
 * does not know. src/permissions/operationShapes.ts parses only the lines it needs.
 */
export function shapesFileText(client: string): string | undefined {
  const file = Object.hasOwn(loadIndex().clients, client) ? loadIndex().dataFiles.shapes[client] : undefined;
  if (!file) return undefined;
  let text = shapeTexts.get(file);
  if (text === undefined) {
    actionMapDir ??= findActionMapDir();
    text = readFileSync(join(actionMapDir, file), 'utf8');
    shapeTexts.set(file, text);
  }
  return text;
}
const shapeTexts = new Map<string, string>();
