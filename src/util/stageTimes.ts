import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

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
/** From the time this module is loaded (at start-up): with a pool, the main thread may time no stage until the end. */
const started = enabled ? performance.now() : 0;
// A worker of the lint pool sends its times to the main thread (stageTotals), which prints the run's.
if (enabled && isMainThread) process.once('exit', printStageTimes);
/** The part of `totals` that other threads added. */
let addedMs = 0;

function enter(stage: Stage): void {
  const now = performance.now();
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

/** This thread's times so far, by stage (empty when stage timing is off). */
export function stageTotals(): Record<string, number> {
  return Object.fromEntries(totals);
}

/** Adds another thread's times (a worker of the lint pool): the printed times are then the sum over threads. */
export function addStageTotals(times: Record<string, number>): void {
  for (const [stage, ms] of Object.entries(times)) {
    totals.set(stage as Stage, (totals.get(stage as Stage) ?? 0) + ms);
    addedMs += ms;
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
  // The rest of this thread's time (with a pool, the main thread's waiting for its workers too).
  stages.other = Math.round(total - (timed - addedMs));
  writeSync(2, `runbook-iam stage times (ms): ${JSON.stringify(stages)}\n`);
}
