import { writeSync } from 'node:fs';

/** The stages of a lint run, in pipeline order. */
export type Stage =
  'read' | 'parse' | 'extract' | 'model' | 'permissions' | 'scripts' | 'role evaluation' | 'rules' | 'format';

/**
 * Per-stage timing for profiling, off by default: with RUNBOOK_IAM_STAGE_TIMES=1 in the environment (read once, at
 * load), each stage's exclusive time (a nested stage's time is not counted twice) is summed with performance.now()
 * and printed to stderr as one JSON line when the process exits. When off, a timed call is a plain call.
 */
const enabled = process.env.RUNBOOK_IAM_STAGE_TIMES === '1';

const totals = new Map<Stage, number>();
const stack: Stage[] = [];
let since = 0;
let started = 0;

function enter(stage: Stage): void {
  const now = performance.now();
  if (stack.length === 0 && started === 0) {
    started = now;
    process.once('exit', printStageTimes);
  }
  const current = stack[stack.length - 1];
  if (current) totals.set(current, (totals.get(current) ?? 0) + now - since);
  stack.push(stage);
  since = now;
}

/** Leaves `stage`, which need not be the innermost one: Terraform files load while other files do. */
function leave(stage: Stage): void {
  const now = performance.now();
  const current = stack[stack.length - 1];
  if (current) totals.set(current, (totals.get(current) ?? 0) + now - since);
  const at = stack.lastIndexOf(stage);
  if (at !== -1) stack.splice(at, 1);
  since = now;
}

/** Runs `work` as part of `stage`. */
export function timeStage<T>(stage: Stage, work: () => T): T {
  if (!enabled) return work();
  enter(stage);
  try {
    return work();
  } finally {
    leave(stage);
  }
}

/** Awaits `work` as part of `stage`; while it waits, the time goes to the stage that runs meanwhile, if any. */
export async function timeStageAsync<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  enter(stage);
  try {
    return await work();
  } finally {
    leave(stage);
  }
}

function printStageTimes(): void {
  const stages: Record<string, number> = {};
  let timed = 0;
  for (const [stage, ms] of totals) {
    stages[stage] = Math.round(ms);
    timed += ms;
  }
  const total = performance.now() - started;
  stages.other = Math.round(total - timed);
  writeSync(2, `runbook-iam stage times (ms): ${JSON.stringify(stages)}\n`);
}
