// Preloaded with `node --import` when GNU time is not installed: at exit, writes this process's resource usage
// (maxRSS in KB is the peak resident set size; CPU times in microseconds) to $RUNBOOK_IAM_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const target = process.env.RUNBOOK_IAM_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ userCPUTime, systemCPUTime, maxRSS }));
  });
}
