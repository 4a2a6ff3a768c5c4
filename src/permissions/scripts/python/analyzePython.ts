import type { ScriptAnalysis } from '../scriptAnalysis.js';
import type { ServiceCatalog } from '../serviceCatalog.js';
import { CallLog } from './callLog.js';
import { FunctionTable, MODULE } from './functionTable.js';
import { createInterpreter } from './interpreter.js';
import { ProgramState } from './programState.js';
import { pythonParser } from './pythonParser.js';
import { PythonSource } from './pythonSource.js';
import { functionScope, moduleScope } from './scope.js';
import { execBlock } from './statements.js';
import { syntaxErrors } from './syntaxErrors.js';

export interface AnalyzePythonOptions {
  /** The step's `Handler` input: a function name, or `module.function` for attachments (the module part is ignored). */
  handler?: string;
  catalog: ServiceCatalog;
}

/**
 * Each pass over a script follows values one call further (a client returned by a helper reaches its caller in the
 * next pass), so real scripts settle in two to four passes. A script may take at most MAX_PASSES passes, and fewer when
 * it is long, so that the passes together read at most PASS_TEXT_BUDGET characters of script, but never fewer than
 * MIN_PASSES: the work on a script of any shape stays bounded.
 */
export const MAX_PASSES = 100;
export const MIN_PASSES = 8;
export const PASS_TEXT_BUDGET = 8 * 1024 * 1024;

/** How many passes a script of this length may take. */
export function passLimit(length: number): number {
  return Math.min(MAX_PASSES, Math.max(MIN_PASSES, Math.floor(PASS_TEXT_BUDGET / Math.max(1, length))));
}

/**
 * Finds the AWS API calls an `aws:executeScript` Python script makes through boto3/botocore, using the @lezer/python
 * syntax tree (await loadPythonParser() first). Broken source yields partial results and parse errors. The script is
 * run abstractly, pass after pass, until a pass learns nothing new about its values; when the pass bound stops it
 * first, `incomplete` says so.
 */
export function analyzePython(text: string, options: AnalyzePythonOptions): ScriptAnalysis {
  const parser = pythonParser();
  const handlerName = options.handler?.split('.').at(-1) ?? null;
  try {
    const source = new PythonSource(text);
    const top = parser.parse(text).topNode;
    const table = new FunctionTable(top, source);
    const state = new ProgramState();
    const log = new CallLog(source);
    const it = createInterpreter({ source, table, state, log, catalog: options.catalog });
    const limit = passLimit(text.length);
    let settled = false;
    let passes = 0;
    while (!settled && passes < limit) {
      passes++;
      log.reset();
      execBlock(it, top, moduleScope());
      for (const info of table.functions.values()) {
        const scope = functionScope(info, state);
        const body = info.node.getChild('Body');
        if (body) execBlock(it, body, scope);
        state.setLocals(info.key, scope.locals);
      }
      settled = !state.endPass();
    }
    const handlerFound = handlerName === null ? null : table.definedIn(MODULE, handlerName) !== undefined;
    return {
      language: 'python',
      usesAws: log.usesAws,
      calls: log.results(handlerFound === true ? handlerName : null),
      functions: [...table.functions.keys()],
      handlerFound,
      parseErrors: syntaxErrors(top, source),
      ...(settled
        ? {}
        : {
            incomplete: `the analysis stopped after ${passes} passes before following every value through the script`,
          }),
    };
  } catch (error) {
    return {
      language: 'python',
      usesAws: false,
      calls: [],
      functions: [],
      handlerFound: handlerName === null ? null : false,
      parseErrors: [{ line: 1, column: 1, message: `Script analysis failed: ${String(error)}` }],
    };
  }
}
