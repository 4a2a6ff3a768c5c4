import { beforeAll, describe, expect, it } from 'vitest';
import type { SyntaxNode } from '@lezer/common';
import { CallLog } from '../../../../src/permissions/scripts/python/callLog.js';
import type { CallSite } from '../../../../src/permissions/scripts/python/callLog.js';
import { MODULE } from '../../../../src/permissions/scripts/python/functionTable.js';
import { loadPythonParser, pythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { PythonSource } from '../../../../src/permissions/scripts/python/pythonSource.js';
import { MAIN_GUARD } from '../../../../src/permissions/scripts/python/scope.js';

beforeAll(loadPythonParser);

const text = ['a()', 'b()', '  c()'].join('\n');
const statements = (): SyntaxNode[] => {
  const nodes: SyntaxNode[] = [];
  for (let node = pythonParser().parse(text).topNode.firstChild; node; node = node.nextSibling) nodes.push(node);
  return nodes;
};
const call = (operation: string, more: Partial<CallSite> = {}): CallSite => ({
  service: 'ec2',
  operation,
  method: operation.toLowerCase(),
  kind: 'client',
  confidence: 'certain',
  text: operation,
  ...more,
});

describe('CallLog', () => {
  it('gives calls in source order with their ranges, one per node, service, operation, method and key', () => {
    const log = new CallLog(new PythonSource(text));
    const [a, b] = statements();
    if (!a || !b) throw new Error('two statements expected');
    log.record(b, MODULE, call('B'));
    log.record(a, MODULE, call('A'));
    log.record(a, MODULE, call('A', { confidence: 'likely' }));
    log.record(a, MODULE, call('A', { key: 'other' }));
    expect(log.results(null).map((c) => [c.operation, c.line, c.column, c.endLine, c.endColumn, c.confidence])).toEqual(
      [
        ['A', 1, 1, 1, 4, 'likely'],
        ['A', 1, 1, 1, 4, 'certain'],
        ['B', 2, 1, 2, 4, 'certain'],
      ],
    );
  });

  it('cuts long call texts to 120 characters', () => {
    const log = new CallLog(new PythonSource(text));
    const [a] = statements();
    if (!a) throw new Error('a statement expected');
    log.record(a, MODULE, call('A', { text: 'x'.repeat(200) }));
    expect(log.results(null)[0]?.text).toBe(`${'x'.repeat(119)}…`);
  });

  it('marks calls reachable from module code and the handler, through the functions they refer to', () => {
    const log = new CallLog(new PythonSource(text));
    const [a, b, c] = statements();
    if (!a || !b || !c) throw new Error('three statements expected');
    log.addEdge('handler', 'helper');
    log.addEdge('helper', 'deep');
    log.addEdge(MAIN_GUARD, 'unused');
    log.record(a, 'deep', call('Deep'));
    log.record(b, 'unused', call('Unused'));
    log.record(c, MAIN_GUARD, call('Main'));
    expect(log.results('handler').map((r) => [r.operation, r.reachableFromHandler])).toEqual([
      ['Deep', true],
      ['Unused', false],
      ['Main', false],
    ]);
    expect(log.results(null).every((r) => r.reachableFromHandler)).toBe(true);
  });

  it('forgets the calls, references and AWS use of the previous pass', () => {
    const log = new CallLog(new PythonSource(text));
    const [a] = statements();
    if (!a) throw new Error('a statement expected');
    log.usesAws = true;
    log.addEdge('handler', 'helper');
    log.record(a, 'helper', call('A'));
    log.reset();
    expect(log.usesAws).toBe(false);
    expect(log.results('handler')).toEqual([]);
    log.record(a, 'helper', call('A'));
    expect(log.results('handler')[0]?.reachableFromHandler).toBe(false);
  });
});
