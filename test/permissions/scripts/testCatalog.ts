import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServiceCatalog } from '../../../src/permissions/scripts/serviceCatalog.js';

const services = [
  'ec2',
  's3',
  'iam',
  'ssm',
  'sts',
  'lambda',
  'dynamodb',
  'sqs',
  'sns',
  'logs',
  'cloudformation',
  'kms',
  'rds',
  'autoscaling',
  'securityhub',
];

interface ServiceModel {
  metadata: { serviceId?: string };
  operations: Record<string, unknown>;
}

interface WaiterModel {
  waiters: Record<string, { operation: string }>;
}

const squash = (name: string): string => name.replaceAll('_', '').toLowerCase();

/** A ServiceCatalog over aws-sdk v2's bundled models for a handful of services (latest API version of each). */
export function testCatalog(): ServiceCatalog {
  const require = createRequire(import.meta.url);
  const apis = join(dirname(require.resolve('aws-sdk/package.json')), 'apis');
  const files = readdirSync(apis);
  const operations = new Map<string, Map<string, string>>();
  const waiters = new Map<string, Map<string, string>>();
  for (const prefix of services) {
    const versions = files
      .filter(
        (f) => f.startsWith(`${prefix}-`) && f.endsWith('.min.json') && /^\d{4}-/.test(f.slice(prefix.length + 1)),
      )
      .sort();
    const latest = versions.at(-1);
    if (latest === undefined) continue;
    const model = JSON.parse(readFileSync(join(apis, latest), 'utf8')) as ServiceModel;
    const serviceId = model.metadata.serviceId ?? prefix;
    const client = serviceId.toLowerCase().replaceAll(' ', '-');
    const name = client === 'cloudwatch-logs' ? 'logs' : client === 'auto-scaling' ? 'autoscaling' : client;
    operations.set(name, new Map(Object.keys(model.operations).map((op) => [op.toLowerCase(), op])));
    const waiterFile = latest.replace('.min.json', '.waiters2.json');
    if (files.includes(waiterFile)) {
      const w = JSON.parse(readFileSync(join(apis, waiterFile), 'utf8')) as WaiterModel;
      waiters.set(name, new Map(Object.entries(w.waiters).map(([k, v]) => [k.toLowerCase(), v.operation])));
    }
  }
  return {
    isClient: (name) => operations.has(name),
    operationForSnakeCase: (client, method) => operations.get(client)?.get(squash(method)),
    waiterOperation: (client, waiter) => waiters.get(client)?.get(squash(waiter)),
  };
}
