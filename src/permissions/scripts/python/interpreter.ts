import type { SyntaxNode } from '@lezer/common';
import type { ServiceCatalog } from '../serviceCatalog.js';
import type { CallLog } from './callLog.js';
import { evaluateExpression } from './expressions.js';
import type { FunctionTable } from './functionTable.js';
import type { ProgramState } from './programState.js';
import type { PythonSource } from './pythonSource.js';
import type { Scope } from './scope.js';
import { assignTarget, execStatement } from './statements.js';
import type { Value } from './value.js';

/** Everything the statement, expression and boto3 handlers share while they walk the syntax tree. */
export interface Interpreter {
  readonly source: PythonSource;
  readonly table: FunctionTable;
  readonly state: ProgramState;
  readonly log: CallLog;
  readonly catalog: ServiceCatalog;
  /** Runs a statement (or any node, evaluating expressions for their calls). */
  exec(node: SyntaxNode, scope: Scope): void;
  evaluate(node: SyntaxNode, scope: Scope): Value | undefined;
  /** Binds an assignment target (a name, a tuple or list of targets, an attribute or an item) to a value. */
  assign(target: SyntaxNode, value: Value | undefined, scope: Scope): void;
}

/** An interpreter that walks the @lezer/python tree of one script, abstractly: it follows values, not data. */
export function createInterpreter(parts: Omit<Interpreter, 'exec' | 'evaluate' | 'assign'>): Interpreter {
  const interpreter: Interpreter = {
    ...parts,
    exec: (node, scope) => execStatement(interpreter, node, scope),
    evaluate: (node, scope) => evaluateExpression(interpreter, node, scope),
    assign: (target, value, scope) => assignTarget(interpreter, target, value, scope),
  };
  return interpreter;
}
