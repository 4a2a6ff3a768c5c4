// `npm run catalog:aws-documents -- DIR --repository=NAME --commit=SHA [--check]`: builds
// action-map/aws-documents.json from a snapshot of AWS-owned SSM documents (one `<DocumentName>.json|yaml` per
// document, as `aws ssm get-document` returns their content). Each Automation runbook (schemaVersion 0.3) is analysed
// by this tool, the way `permissions` analyses any runbook, with the other documents of the snapshot as its children;
// the catalog keeps each document's needs (step, action, confidence, follow-on kind and condition) and the steps that
// could not be read. Nothing is taken from the documents' descriptions. --check exits 1 when the committed catalog
// differs from what the snapshot gives.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/util/packageRoot.js';
import { awsDocumentCatalogText } from './awsDocumentCatalogText.js';

const args = process.argv.slice(2);
const directory = args.find((arg) => !arg.startsWith('--'));
const option = (name: string): string | undefined =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const repository = option('repository');
const commit = option('commit');
if (!directory || !repository || !commit || !/^[0-9a-f]{40}$/.test(commit)) {
  process.stderr.write('usage: npm run catalog:aws-documents -- DIR --repository=NAME --commit=SHA [--check]\n');
  process.exit(2);
}

const { text, entries } = await awsDocumentCatalogText(directory, { repository, commit });
const target = join(packageRoot(), 'action-map', 'aws-documents.json');
if (args.includes('--check')) {
  const same = readFileSync(target, 'utf8') === text;
  process.stdout.write(same ? 'aws-documents.json is up to date\n' : 'aws-documents.json differs from the snapshot\n');
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
const needs = Object.values(entries).reduce((sum, entry) => sum + entry.needs.length, 0);
const incomplete = Object.values(entries).filter((entry) => entry.incomplete).length;
process.stdout.write(
  `${Object.keys(entries).length} documents, ${needs} needs, ${incomplete} with unreadable steps → ${target}\n`,
);
