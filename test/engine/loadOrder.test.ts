import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/engine/config.js';
import { loadInRunOrder, loadRunbooks } from '../../src/engine/loadRunbooks.js';

const RUNBOOK =
  "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n";

describe('the loader with Terraform files', () => {
  const directory = mkdtempSync(join(tmpdir(), 'runbook-iam-load-order-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  writeFileSync(join(directory, 'a-alone.yaml'), RUNBOOK);
  writeFileSync(join(directory, 'b-read-by-tf.yaml'), RUNBOOK);
  writeFileSync(join(directory, 'c-alone.yaml'), RUNBOOK);
  writeFileSync(
    join(directory, 'main.tf'),
    'resource "aws_ssm_document" "d" {\n  document_type = "Automation"\n  content = file("${path.module}/b-read-by-tf.yaml")\n}\n',
  );
  const options = { paths: [directory], cwd: directory, config: defaultConfig(directory) };

  it('loads a file that a .tf reads once, from the .tf, whatever finishes first', async () => {
    const loaded = [];
    for await (const file of loadRunbooks(options)) loaded.push(file);
    const runbookFiles = loaded.flatMap((file) => file.runbooks.map((entry) => entry.runbook.path));
    expect(runbookFiles.filter((path) => path.endsWith('b-read-by-tf.yaml'))).toHaveLength(1);
    const fromTf = loaded.find((file) => file.path.endsWith('main.tf'));
    expect(fromTf?.runbooks.map((entry) => entry.template?.kind)).toEqual(['terraform']);
  });

  it('gives the files in the run order: Terraform first, then the others in discovery order', async () => {
    const files = await loadInRunOrder(options);
    expect(files.map((file) => file.path.slice(directory.length + 1))).toEqual([
      'main.tf',
      'a-alone.yaml',
      'c-alone.yaml',
    ]);
    expect(files.map((file) => file.order)).toEqual([0, 1, 3]);
  });
});
