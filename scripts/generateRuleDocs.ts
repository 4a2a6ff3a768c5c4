// Rewrites the generated head of every page under docs/rules/ from its rule's meta (see scripts/ruleDocHead.ts),
// keeping the hand-written examples below it. A rule without a page gets one with empty "Bad" and "Fixed" sections.
//
//   npm run docs:rules
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { ruleDocBody, ruleDocHead } from './ruleDocHead.js';

const directory = join(import.meta.dirname, '..', 'docs', 'rules');
let changed = 0;
for (const { meta } of rules) {
  const path = join(directory, `${meta.id}.md`);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const body = ruleDocBody(before) || '## Bad\n\n## Fixed\n';
  const after = `${ruleDocHead(meta)}\n${body}`;
  if (after === before) continue;
  writeFileSync(path, after);
  changed += 1;
  console.log(`updated docs/rules/${meta.id}.md`);
}
console.log(`${changed} of ${rules.length} rule pages updated.`);
