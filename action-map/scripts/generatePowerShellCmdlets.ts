/**
 * Writes action-map/powershell-cmdlets.json from the committed extract of the AWS Tools for PowerShell generator
 * configuration (action-map/sources/aws-tools-for-powershell-serviceconfig.txt). Each operation is checked against
 * aws-sdk's service model so that the table only names real API operations.
 * Run: npx tsx action-map/scripts/generatePowerShellCmdlets.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const sourcePath = join(root, 'sources', 'aws-tools-for-powershell-serviceconfig.txt');

/** aws-sdk (v2) model file prefix where it differs from the boto3 client name used in the extract. */
const modelPrefix: Record<string, string> = { cloudwatch: 'monitoring', elbv2: 'elasticloadbalancingv2' };

/*
 * The generator config names AWS SDK for .NET methods; for S3 some differ from the API operation
 * (AWS SDK for .NET API reference, IAmazonS3: GetACL, PutACL, ListVersions, GetObjectMetadata, GetCORSConfiguration,
 * PutCORSConfiguration, DeleteCORSConfiguration, GetLifecycleConfiguration, PutLifecycleConfiguration, DeleteLifecycleConfiguration).
 */
const dotnetMethodToOperation: Record<string, Record<string, string>> = {
  s3: {
    GetACL: 'GetBucketAcl',
    PutACL: 'PutBucketAcl',
    ListVersions: 'ListObjectVersions',
    GetObjectMetadata: 'HeadObject',
    GetCORSConfiguration: 'GetBucketCors',
    PutCORSConfiguration: 'PutBucketCors',
    DeleteCORSConfiguration: 'DeleteBucketCors',
    GetLifecycleConfiguration: 'GetBucketLifecycleConfiguration',
    PutLifecycleConfiguration: 'PutBucketLifecycleConfiguration',
    DeleteLifecycleConfiguration: 'DeleteBucketLifecycle',
  },
};

/*
 * Hand-written cmdlets that the generator config excludes (Exclude="true") and implements in
 * AWSPowerShell/Cmdlets/S3 ("advanced" cmdlets). Operations from the AWS Tools for PowerShell cmdlet reference
 * ("This cmdlet calls the following Amazon Web Services API operation(s)").
 */
const handWritten: Record<string, { service: string; operation: string }> = {
  'Get-S3Bucket': { service: 's3', operation: 'ListBuckets' },
  'New-S3Bucket': { service: 's3', operation: 'CreateBucket' },
  'Remove-S3Bucket': { service: 's3', operation: 'DeleteBucket' },
  'Read-S3Object': { service: 's3', operation: 'GetObject' },
  'Write-S3Object': { service: 's3', operation: 'PutObject' },
  'Copy-S3Object': { service: 's3', operation: 'CopyObject' },
  'Remove-S3Object': { service: 's3', operation: 'DeleteObjects' },
  'Remove-S3MultipartUpload': { service: 's3', operation: 'AbortMultipartUpload' },
  'Get-S3PreSignedURL': { service: 's3', operation: 'GetObject' },
};

/*
 * Noun prefix (ServiceNounPrefix) → boto3 client. Filled from the extract's "@service ... prefix=" lines, which copy the
 * <ServiceNounPrefix> element of each generator config, so every covered service's prefix comes from its XML.
 */
const prefixes: Record<string, string> = {};

/* AWS.Tools.Common cmdlets that change local settings only (AWS Tools for PowerShell user guide, "Shell configuration"). */
const nonApi = [
  'Set-DefaultAWSRegion',
  'Get-DefaultAWSRegion',
  'Clear-DefaultAWSRegion',
  'Set-AWSCredential',
  'Get-AWSCredential',
  'Remove-AWSCredentialProfile',
  'Initialize-AWSDefaultConfiguration',
  'Clear-AWSCredential',
  'Get-AWSRegion',
  'Get-AWSService',
  'Get-AWSCmdletName',
  'Get-AWSPowerShellVersion',
  'Set-AWSProxy',
  'Clear-AWSProxy',
  'Set-AWSResponseLogging',
  'Set-AWSHistoryConfiguration',
  'Clear-AWSHistory',
  'Set-AWSSamlEndpoint',
  'Set-AWSSamlRoleProfile',
];

function modelOperations(prefix: string): Set<string> {
  const require = createRequire(import.meta.url);
  const apis = join(dirname(require.resolve('aws-sdk/package.json')), 'apis');
  const file = readdirSync(apis)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.min.json') && /^\d{4}-/.test(f.slice(prefix.length + 1)))
    .sort()
    .at(-1);
  if (file === undefined) throw new Error(`No aws-sdk model for ${prefix}`);
  const model = JSON.parse(readFileSync(join(apis, file), 'utf8')) as { operations: Record<string, unknown> };
  return new Set(Object.keys(model.operations));
}

const cmdlets: Record<string, { service: string; operation: string }> = {};
const sources: { service: string; prefix: string; path: string; commit: string }[] = [];
const skipped: string[] = [];
let current: { service: string; prefix: string; operations: Set<string> } | null = null;
for (const raw of readFileSync(sourcePath, 'utf8').split('\n')) {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) continue;
  const fields = line.split(/\s+/);
  if (fields[0] === '@service') {
    const attrs = Object.fromEntries(fields.slice(2).map((f) => f.split('=') as [string, string]));
    const service = fields[1] ?? '';
    const prefix = attrs.prefix ?? '';
    if (!service || !prefix || !attrs.file || !attrs.commit) throw new Error(`Incomplete @service line: ${line}`);
    if (Object.hasOwn(prefixes, prefix)) throw new Error(`Noun prefix ${prefix} listed twice`);
    prefixes[prefix] = service;
    current = { service, prefix, operations: modelOperations(modelPrefix[service] ?? service) };
    sources.push({
      service,
      prefix: current.prefix,
      path: `generator/AWSPSGeneratorLib/Config/ServiceConfig/${attrs.file}`,
      commit: attrs.commit,
    });
    continue;
  }
  if (!current) throw new Error(`Operation before @service: ${line}`);
  const [method, verb, noun] = fields;
  if (!method || !verb || !noun) throw new Error(`Malformed line: ${line}`);
  const operation = dotnetMethodToOperation[current.service]?.[method] ?? method;
  if (!current.operations.has(operation)) {
    skipped.push(`${current.service}:${method}`);
    continue;
  }
  const name = `${verb}-${current.prefix}${noun}`;
  if (Object.hasOwn(cmdlets, name)) throw new Error(`Cmdlet ${name} generated twice`);
  cmdlets[name] = { service: current.service, operation };
}
for (const [name, call] of Object.entries(handWritten)) cmdlets[name] = call;

const sorted = Object.fromEntries(Object.entries(cmdlets).sort(([a], [b]) => a.localeCompare(b)));
const output = {
  provenance: {
    repository: 'https://github.com/aws/aws-tools-for-powershell',
    license: 'Apache-2.0',
    extract: 'action-map/sources/aws-tools-for-powershell-serviceconfig.txt',
    files: sources,
    handWritten: 'S3 advanced cmdlets, from the AWS Tools for PowerShell cmdlet reference',
    verifiedAgainst: 'aws-sdk (v2) apis/*.min.json operation names',
    skipped,
  },
  prefixes,
  nonApi,
  cmdlets: sorted,
};
writeFileSync(join(root, 'powershell-cmdlets.json'), `${JSON.stringify(output, null, 2)}\n`);
console.log(
  `powershell-cmdlets.json: ${Object.keys(sorted).length} cmdlets from ${sources.length} services; skipped ${skipped.length}`,
);
