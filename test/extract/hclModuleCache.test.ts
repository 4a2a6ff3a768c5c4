import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractTerraform } from '../../src/parse/extract/extractRunbooks.js';
import { HclModuleCache } from '../../src/parse/extract/hclModuleCache.js';
import { HclParser } from '../../src/parse/extract/hclParser.js';
import type { HclJson } from '../../src/parse/extract/hclParser.js';

/** Counts the files handed to the HCL parser. */
class CountingParser extends HclParser {
  readonly parsed: string[] = [];
  override parse(file: string, text: string): Promise<HclJson> {
    this.parsed.push(file);
    return super.parse(file, text);
  }
}

function moduleFile(index: number): string {
  return [
    `resource "aws_iam_role" "role${index}" {`,
    `  name               = "role-${index}"`,
    '  assume_role_policy = "{}"',
    '}',
    `resource "aws_ssm_document" "doc${index}" {`,
    '  document_type = "Automation"',
    '  content = jsonencode({',
    '    schemaVersion = "0.3"',
    `    assumeRole    = "\${aws_iam_role.role${(index + 1) % 4}.arn}"`,
    '    mainSteps     = [{ name = "wait", action = "aws:sleep", inputs = { Duration = "PT1S" } }]',
    '  })',
    '}',
  ].join('\n');
}

describe('HclModuleCache', () => {
  const directory = mkdtempSync(join(tmpdir(), 'runbook-iam-tf-module-'));
  const files = [0, 1, 2, 3].map((index) => {
    const path = join(directory, `part${index}.tf`);
    writeFileSync(path, moduleFile(index));
    return path;
  });
  const parsers: HclParser[] = [];
  afterAll(async () => {
    for (const parser of parsers) await parser.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function extractAll(modules: HclModuleCache | undefined): Promise<{ parsed: string[]; roles: unknown[] }> {
    const parser = new CountingParser();
    parsers.push(parser);
    const roles: unknown[] = [];
    for (const file of files) {
      const extraction = await extractTerraform(file, readFileSync(file, 'utf8'), {
        parser,
        ...(modules ? { modules } : {}),
      });
      roles.push(extraction.runbooks.map((runbook) => runbook.linkedRole?.roleName));
    }
    return { parsed: parser.parsed, roles };
  }

  it('parses each .tf file of a module once per run, and links the same roles across it', async () => {
    const withoutCache = await extractAll(undefined);
    const withCache = await extractAll(new HclModuleCache());
    // Without the cache each file parses itself and its three siblings (4 × 4), and its jsonencode() content once.
    expect(withoutCache.parsed).toHaveLength(20);
    expect(withCache.parsed.filter((name) => name !== 'content.tf').sort()).toEqual([
      'part0.tf',
      'part1.tf',
      'part2.tf',
      'part3.tf',
    ]);
    expect(withCache.parsed.filter((name) => name === 'content.tf')).toHaveLength(4);
    expect(withCache.roles).toEqual(withoutCache.roles);
    expect(withCache.roles).toEqual([['role-1'], ['role-2'], ['role-3'], ['role-0']]);
  });

  it('keeps one module: entering another directory forgets the previous one', async () => {
    const cache = new HclModuleCache();
    let calls = 0;
    const parse = (): Promise<HclJson> => {
      calls++;
      return Promise.resolve({});
    };
    await cache.parse(join(directory, 'a.tf'), parse);
    await cache.parse(join(directory, 'a.tf'), parse);
    expect(calls).toBe(1);
    await cache.parse(join(tmpdir(), 'elsewhere', 'b.tf'), parse);
    expect(cache.has(join(directory, 'a.tf'))).toBe(false);
    await cache.parse(join(directory, 'a.tf'), parse);
    expect(calls).toBe(3);
  });
});
