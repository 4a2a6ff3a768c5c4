import { buildControlFlow } from '../model/controlFlow.js';
import type { ControlFlowGraph } from '../model/controlFlow.js';
import type { Runbook, Step } from '../model/runbook.js';
import type { StepPermissions } from '../permissions/permissionNeed.js';
import { stepScripts } from '../permissions/scriptPermissions.js';
import type { StepScripts } from '../permissions/scriptPermissions.js';
import { runbookPermissions } from '../permissions/stepPermissions.js';
import type { PermissionOptions } from '../permissions/stepPermissions.js';
import type { RoleEvaluation } from '../policy/evaluateRole.js';
import { timeStage, timeStageAsync } from '../util/stageTimes.js';

/**
 * What is computed once per runbook — the control-flow graph, each step's script analysis, every step's IAM needs —
 * and the evaluation of the role it runs as. Each part is computed on first use and kept for the runbook's lifetime,
 * so rules, commands and the role evaluation share one result.
 */
export class RunbookAnalysis {
  private graphValue: ControlFlowGraph | undefined;
  private permissionsValue: StepPermissions[] | undefined;
  private readonly scripts = new Map<number, StepScripts>();
  private roleValue: RoleEvaluation | undefined;

  constructor(
    readonly runbook: Runbook,
    private readonly options: Omit<PermissionOptions, 'scriptsOf' | 'visiting'> = {},
  ) {}

  get graph(): ControlFlowGraph {
    this.graphValue ??= buildControlFlow(this.runbook);
    return this.graphValue;
  }

  /** Every step's needs, in step order. */
  get permissions(): StepPermissions[] {
    this.permissionsValue ??= timeStage('permissions', () =>
      runbookPermissions(this.runbook, { ...this.options, scriptsOf: (step) => this.scriptsOf(step) }),
    );
    return this.permissionsValue;
  }

  /** The scripts an aws:executeScript step runs, analysed once. */
  scriptsOf(step: Step): StepScripts {
    let scripts = this.scripts.get(step.index);
    if (!scripts) this.scripts.set(step.index, (scripts = timeStage('scripts', () => stepScripts(this.runbook, step))));
    return scripts;
  }

  /** The role the runbook runs as, evaluated against its needs; undefined when no role is known. */
  get role(): RoleEvaluation | undefined {
    return this.roleValue;
  }

  /**
   * Evaluates the role against this runbook's needs (asynchronous: the simulator is), once; rules then read
   * `role` synchronously.
   */
  async evaluateRole(evaluate: (permissions: StepPermissions[]) => Promise<RoleEvaluation>): Promise<void> {
    this.roleValue ??= await timeStageAsync('role evaluation', () => evaluate(this.permissions));
  }
}
