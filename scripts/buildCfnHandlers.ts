// `npm run catalog:cfn-handlers -- DIR --commit=SHA [--check]`: builds action-map/cfn-handlers.json from a snapshot of
// CloudFormation registry schemas: DIR is internal/service/cloudformation/schemas of github.com/hashicorp/terraform-
// provider-awscc at SHA (`AWS_IAM_Role.json`, ... as the registry's DescribeType returns them in us-east-1). For each
// chosen resource type it copies `handlers.create|update|delete.permissions` as the schema gives them, and drops (and
// records in `notIamActions`) any entry that is not an IAM action. Without a service role, CloudFormation calls these
// with the caller's credentials (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html).
// Types that snapshot lacks but cfn-lint's copy of the registry schemas has (SUPPLEMENT) are read from there by hand.
// --check exits 1 when the committed file differs from what the snapshot gives.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionExists } from '../src/permissions/actionMap.js';
import type { CfnHandlerEntry, CfnHandlerTable } from '../src/permissions/cfnHandlerTable.js';
import { packageRoot } from '../src/util/packageRoot.js';

const AWSCC = 'github.com/hashicorp/terraform-provider-awscc internal/service/cloudformation/schemas';
const CFN_LINT = 'github.com/aws-cloudformation/cfn-lint src/cfnlint/data/schemas/providers/us_east_1';

/** Every registry type of these services (the ones runbooks most often create with a stack)... */
const SERVICES = ['IAM', 'Lambda', 'EC2', 'S3', 'SNS', 'SQS', 'SSM', 'Logs', 'Events', 'KMS', 'DynamoDB', 'CloudWatch'];
/** ... and these types of other services, which runbooks' stack templates create. */
const TYPES = [
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::AutoScaling::LaunchConfiguration',
  'AWS::AutoScaling::ScalingPolicy',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::SES::ConfigurationSet',
  'AWS::SES::ConfigurationSetEventDestination',
  'AWS::SecretsManager::Secret',
  'AWS::StepFunctions::StateMachine',
];

/** Legacy types the awscc snapshot leaves out; their handlers as cfn-lint's stored schema (at `commit`) lists them. */
const SUPPLEMENT: Record<string, CfnHandlerEntry> = {
  'AWS::EC2::NetworkAclEntry': {
    create: ['ec2:CreateNetworkAclEntry', 'ec2:DescribeNetworkAcls'],
    update: ['ec2:ReplaceNetworkAclEntry', 'ec2:DescribeNetworkAcls'],
    delete: ['ec2:DeleteNetworkAclEntry', 'ec2:DescribeNetworkAcls'],
    source: 'cfn-lint',
    commit: '50bf4fefde6c5d27e99466c252bca5b015dbed4b',
  },
  'AWS::SQS::QueuePolicy': {
    create: ['sqs:SetQueueAttributes'],
    update: ['sqs:SetQueueAttributes'],
    delete: ['sqs:SetQueueAttributes'],
    source: 'cfn-lint',
    commit: '0f7ff9afbf3dc9af2bc23b98ec57136c80a9b47c',
  },
};

const ABOUT =
  "Permissions of the create, update and delete handlers of CloudFormation resource types, copied from the CloudFormation registry schemas (`handlers.<handler>.permissions`) by scripts/buildCfnHandlers.ts. Without a RoleARN, CloudFormation creates, updates and deletes a stack's resources with the caller's credentials, so a runbook step that creates or updates a stack needs these. `source` names the copy of the schemas an entry was read from, `commit` its version; `notIamActions` lists the schema's entries that are not IAM actions (left out).";

interface Handlers {
  create?: { permissions?: string[] };
  update?: { permissions?: string[] };
  delete?: { permissions?: string[] };
}

const args = process.argv.slice(2);
const directory = args.find((arg) => !arg.startsWith('--'));
const commit = args.find((arg) => arg.startsWith('--commit='))?.slice('--commit='.length);
if (!directory || !commit || !/^[0-9a-f]{40}$/.test(commit)) {
  process.stderr.write('usage: npm run catalog:cfn-handlers -- DIR --commit=SHA [--check]\n');
  process.exit(2);
}

const chosen = (typeName: string): boolean =>
  TYPES.includes(typeName) || SERVICES.includes(typeName.split('::')[1] ?? '');
const types: Record<string, CfnHandlerEntry> = {};
for (const [typeName, entry] of Object.entries(SUPPLEMENT)) types[typeName] = entry;
const wanted = new Set([...TYPES]);
for (const file of readdirSync(directory).sort()) {
  const typeName = file.replace(/\.json$/, '').replace(/_/g, '::');
  if (!file.endsWith('.json') || !chosen(typeName)) continue;
  wanted.delete(typeName);
  const schema = JSON.parse(readFileSync(join(directory, file), 'utf8')) as { typeName?: string; handlers?: Handlers };
  if (schema.typeName !== typeName || !schema.handlers?.create) continue;
  const notIamActions: string[] = [];
  const copy = (list: string[] | undefined): string[] | undefined => {
    if (!list) return undefined;
    for (const action of list) if (!iamActionExists(action)) notIamActions.push(action);
    return list.filter((action) => iamActionExists(action));
  };
  const handlers = schema.handlers;
  const create = copy(handlers.create?.permissions) ?? [];
  const update = copy(handlers.update?.permissions);
  const remove = copy(handlers.delete?.permissions);
  types[typeName] = {
    create,
    ...(update ? { update } : {}),
    ...(remove ? { delete: remove } : {}),
    ...(notIamActions.length > 0 ? { notIamActions: [...new Set(notIamActions)] } : {}),
    source: 'terraform-provider-awscc',
    commit,
  };
}
for (const typeName of wanted) if (!types[typeName]) process.stderr.write(`not in the snapshot: ${typeName}\n`);

const table: CfnHandlerTable = {
  $schema: './cfn-handlers.schema.json',
  about: ABOUT,
  sources: {
    'terraform-provider-awscc': `${AWSCC} (CloudFormation registry schemas in us-east-1, as DescribeType returns them)`,
    'cfn-lint': `${CFN_LINT} (CloudFormation registry schemas)`,
  },
  types: Object.fromEntries(
    Object.keys(types)
      .sort()
      .map((typeName) => [typeName, types[typeName]!]),
  ),
};
// One line per resource type, so that a diff shows which types changed.
const typeLines = Object.entries(table.types).map(
  ([typeName, entry]) => `  ${JSON.stringify(typeName)}: ${JSON.stringify(entry)}`,
);
const head = JSON.stringify({ ...table, types: {} }, null, 1).replace(/"types": \{\}\n\}$/, '');
const text = `${head}"types": {\n${typeLines.join(',\n')}\n }\n}\n`;
const target = join(packageRoot(), 'action-map', 'cfn-handlers.json');
if (args.includes('--check')) {
  const same = existsSync(target) && readFileSync(target, 'utf8') === text;
  process.stdout.write(same ? 'cfn-handlers.json is up to date\n' : 'cfn-handlers.json differs from the snapshot\n');
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
const dropped = Object.values(types).flatMap((entry) => entry.notIamActions ?? []);
process.stdout.write(
  `${Object.keys(types).length} resource types, ${dropped.length} entries that are not IAM actions left out → ${target}\n`,
);
