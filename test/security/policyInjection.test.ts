import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { valueOf } from '../../src/parse/documentNode.js';
import { parseDocument } from '../../src/parse/parseDocument.js';
import { generatePolicy } from '../../src/policy/generate/generatePolicy.js';
import { renderPolicies } from '../../src/policy/generate/renderPolicy.js';
import type { PolicyFormat } from '../../src/policy/generate/renderPolicy.js';
import { renderedPolicyMismatches } from '../../src/policy/generate/verifyRendered.js';
import { fakeIo } from '../helpers/fakeIo.js';
import { tempDir } from '../helpers/tempDir.js';
import { runbookFrom } from '../policy/generate/helpers.js';

/**
 * A step name (or a resource name) from a runbook reaches the generated CloudFormation and Terraform as a comment
 * ("the resource is only known at run time (step …)") and as strings. Each hostile text below tries to end the comment
 * or the string and add a statement granting everything; the output must read back, with the format's own parser, as
 * exactly the generated policy.
 */
const INJECTED_YAML =
  "\n          - Sid: Injected\n            Effect: Allow\n            Action: '*'\n            Resource: '*'\n";
const INJECTED_HCL = '\n      { Sid = "Injected", Effect = "Allow", Action = "*", Resource = "*" },\n';
const HOSTILE_NAMES: [string, string][] = [
  ['a newline', `Run${INJECTED_YAML}`],
  ['a newline with HCL', `Run${INJECTED_HCL}`],
  ['CR LF', `Run\r\n${INJECTED_YAML}`],
  ['a lone CR', `Run\r${INJECTED_HCL}`],
  ['U+2028', `Run\u2028${INJECTED_YAML}`],
  ['U+2029', `Run\u2029${INJECTED_HCL}`],
  ['U+0085', `Run\u0085${INJECTED_YAML}`],
  ['a block comment end', 'Run */ }) resource "aws_iam_user" "x" { /*'],
  ['a hash', 'Run # \' " !Sub ${AWS::AccountId}'],
  ['an interpolation', 'Run ${aws_iam_role.automation.arn} ${file("/etc/passwd")}'],
  ['a template directive', 'Run %{ if true }x%{ endif }'],
  ['quotes and backslashes', `Run '' "" \\" \\\\ \\n`],
  ['ESC and NUL', 'Run \u001b[2J\u0000'],
];

/** A runbook whose one step's resource is only known at run time, so that its name is written into a comment. */
function hostileRunbook(stepName: string, topic = '{{ Prev.Arn }}'): string {
  return JSON.stringify({
    schemaVersion: '0.3',
    mainSteps: [
      {
        name: stepName,
        action: 'aws:executeAwsApi',
        inputs: { Service: 'sns', Api: 'Publish', TopicArn: topic, Message: 'hi' },
      },
      {
        name: 'Other',
        action: 'aws:executeAwsApi',
        inputs: { Service: 's3', Api: 'ListObjectsV2', Bucket: `bucket-${stepName.replace(/[*?]/g, '')}` },
      },
    ],
  });
}

const FORMATS: PolicyFormat[] = ['cloudformation', 'terraform', 'json'];

async function statementSids(format: PolicyFormat, text: string): Promise<string[]> {
  if (format === 'json') return JSON.stringify(JSON.parse(text)).match(/"Sid":"[^"]*"/g) ?? [];
  if (format === 'cloudformation') {
    const parsed = parseDocument('out.yaml', text, 'yaml');
    if (!parsed.ok) throw new Error(parsed.error.message);
    return JSON.stringify(valueOf(parsed.document.root)).match(/"Sid":"[^"]*"/g) ?? [];
  }
  // jsonencode({...}) comes back as its source text: parse each one as an attribute, which drops its comments.
  const sids: string[] = [];
  for (const [, inner] of JSON.stringify(await parseHcl('out.tf', text)).matchAll(/"\$\{jsonencode\((.*?)\)\}"/g)) {
    const value: unknown = await parseHcl('inner.tf', `value = ${JSON.parse(`"${inner}"`) as string}\n`);
    sids.push(...(JSON.stringify(value).match(/"Sid":"[^"]*"/g) ?? []));
  }
  return sids;
}

describe('generated policies: values from the runbook cannot add statements', () => {
  for (const format of FORMATS) {
    it.each(HOSTILE_NAMES)(`${format}: a step name with %s reads back as the generated policy`, async (_, name) => {
      const generated = generatePolicy([runbookFrom('hostile.json', hostileRunbook(name))], {
        kind: 'all',
        values: { account: '123456789012' },
      });
      const { text } = renderPolicies(generated, format, { header: [`from ${name}`] });
      expect(await renderedPolicyMismatches(generated, format, text)).toEqual([]);
      const sids = await statementSids(format, text);
      expect(sids.join(' ')).not.toMatch(/Sid[^A-Za-z]+Injected/);
      expect(sids.length).toBeGreaterThanOrEqual(4);
      if (format !== 'json') {
        // Every comment stays on one line: no line of the output starts with text of the step name.
        for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*(- Sid: Injected|\{ Sid = "Injected")/);
      }
    });
  }

  it.each(FORMATS)('%s: the read-back check finds a statement added to the text', async (format) => {
    const generated = generatePolicy([runbookFrom('hostile.json', hostileRunbook('Run'))], {
      kind: 'all',
      values: { account: '123456789012' },
    });
    const { text } = renderPolicies(generated, format);
    let forged: string;
    if (format === 'cloudformation')
      forged = text.replace(/(PolicyDocument:\n.*\n\s*Statement:)\n/, `$1${INJECTED_YAML}`);
    else if (format === 'terraform')
      forged = text.replace(/(policy\s+= jsonencode\(\{\n.*\n\s*Statement = \[)\n/, `$1${INJECTED_HCL}`);
    else
      forged = text.replace(
        /"Statement": \[\n/,
        '"Statement": [\n{ "Sid": "Injected", "Effect": "Allow", "Action": "*", "Resource": "*" },\n',
      );
    expect(forged).not.toBe(text);
    expect((await renderedPolicyMismatches(generated, format, forged)).join('\n')).toMatch(/other statements/);
  });

  it('terraform: an extra resource in the text is found', async () => {
    const generated = generatePolicy([runbookFrom('hostile.json', hostileRunbook('Run'))]);
    const { text } = renderPolicies(generated, 'terraform');
    const forged = `${text}\nresource "aws_iam_user" "x" {\n  name = "x"\n}\n`;
    expect(await renderedPolicyMismatches(generated, 'terraform', forged)).toEqual([
      'the text has an unexpected resource aws_iam_user.x',
    ]);
  });

  it('the policy command prints a hostile runbook safely, through the read-back check', async () => {
    const dir = tempDir();
    try {
      const file = dir.write('hostile.json', hostileRunbook(`Run${INJECTED_YAML}`));
      for (const format of ['cloudformation', 'terraform']) {
        const io = fakeIo({ cwd: dir.path });
        const code = await main(['node', 'runbook-iam', 'policy', file, '--format', format], io);
        expect(io.err()).toMatch(/simulation: (\d+) of \1 needs allowed/);
        expect(code).toBe(0);
        expect(await statementSids(format as PolicyFormat, io.out())).not.toContain('"Sid":"Injected"');
        expect(io.out()).toMatch(/\(step Run\\u000a {10}- Sid: Injected\\u000a/);
      }
    } finally {
      dir.remove();
    }
  });
});
