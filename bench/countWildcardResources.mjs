// Counts the needs whose resource is `*`, as `runbook-iam permissions --format json` prints them, over every runbook
// under a directory, split by why: the action has no resource type in IAM (only `*` works), or the name is not known
// before the run (with the reason the output gives). Needs `npm run build` first.
//   node bench/countWildcardResources.mjs DIR [--list]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../dist/src/cli/main.js';
import { iamActionInfo } from '../dist/src/permissions/actionMap.js';

const [root, list] = process.argv.slice(2);
if (!root) {
  console.error('usage: node bench/countWildcardResources.mjs DIR [--list]');
  process.exit(2);
}
const files = [];
const walk = (directory) => {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ya?ml|json)$/i.test(name)) files.push(path);
  }
};
walk(root);

const counts = { runbooks: 0, needs: 0, wildcard: 0, noResourceType: 0, knownAtRunTime: 0, partialArn: 0 };
const reasons = new Map();
for (const file of files.sort()) {
  let stdout = '';
  const io = {
    cwd: process.cwd(),
    stdoutIsTty: false,
    stderrIsTty: false,
    noColor: true,
    stdout: (text) => void (stdout += text),
    stderr: () => {},
  };
  if ((await main(['node', 'runbook-iam', 'permissions', file, '--format', 'json'], io)) !== 0) continue;
  counts.runbooks++;
  for (const step of JSON.parse(stdout).steps) {
    for (const need of step.needs) {
      counts.needs++;
      // An ARN cut short (`arn:*`) is a `*` in disguise.
      if (need.resources.some((resource) => resource !== '*' && resource.split(':').length < 6)) counts.partialArn++;
      if (!need.resources.includes('*')) continue;
      counts.wildcard++;
      if (iamActionInfo(need.action)?.resourceTypes.length === 0) {
        counts.noResourceType++;
        continue;
      }
      counts.knownAtRunTime++;
      const why = need.reason
        .split('; ')
        .slice(1)
        .join('; ')
        .replace(/(parameter|from) [\w.-]+/g, '$1 X')
        .replace(/\(.*?\)/g, '');
      reasons.set(why || need.reason, (reasons.get(why || need.reason) ?? 0) + 1);
      if (list) console.log(`${file}\t${step.name}\t${need.action}\t${need.reason}`);
    }
  }
}
console.log(JSON.stringify(counts));
for (const [why, count] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`${count}\t${why}`);
