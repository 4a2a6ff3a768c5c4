import { beforeAll, describe, expect, it } from 'vitest';
import { CallLog } from '../../../../src/permissions/scripts/python/callLog.js';
import { FunctionTable } from '../../../../src/permissions/scripts/python/functionTable.js';
import { createInterpreter } from '../../../../src/permissions/scripts/python/interpreter.js';
import type { Interpreter } from '../../../../src/permissions/scripts/python/interpreter.js';
import { ProgramState } from '../../../../src/permissions/scripts/python/programState.js';
import { loadPythonParser, pythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { PythonSource } from '../../../../src/permissions/scripts/python/pythonSource.js';
import {
  assignName,
  functionScope,
  lookupName,
  moduleScope,
} from '../../../../src/permissions/scripts/python/scope.js';
import type { Scope } from '../../../../src/permissions/scripts/python/scope.js';
import type { Value } from '../../../../src/permissions/scripts/python/value.js';
import { testCatalog } from '../testCatalog.js';

beforeAll(loadPythonParser);

const ec2: Value = { kind: 'client', services: ['ec2'] };

function interpreterFor(lines: string[]): Interpreter {
  const text = lines.join('\n');
  const source = new PythonSource(text);
  const table = new FunctionTable(pythonParser().parse(text).topNode, source);
  return createInterpreter({
    source,
    table,
    state: new ProgramState(),
    log: new CallLog(source),
    catalog: testCatalog(),
  });
}

function scopeOf(it: Interpreter, key: string): Scope {
  const info = it.table.functions.get(key);
  if (!info) throw new Error(`no function ${key}`);
  return functionScope(info, it.state);
}

const script = [
  'def handler(events, context):',
  '    def helper(): pass',
  'class Worker:',
  '    def __init__(self, client): pass',
  '    def __enter__(self): pass',
  '    @staticmethod',
  '    def build(name): pass',
  'def outer():',
  '    def inner(): pass',
];

describe('functionScope', () => {
  it("binds parameters to what callers passed, `self` to the method's class, and leaves unknown ones unbound", () => {
    const py = interpreterFor(script);
    py.state.bindParam('Worker.__init__', 'client', ec2);
    py.state.bindParam('handler', 'events', undefined);
    py.state.bindParam('Worker.build', 'name', { kind: 'strings', values: ['s3'] });
    expect([...scopeOf(py, 'Worker.__init__').locals]).toEqual([
      ['self', { kind: 'instance', cls: 'Worker' }],
      ['client', ec2],
    ]);
    expect([...scopeOf(py, 'handler').locals]).toEqual([]);
    expect([...scopeOf(py, 'Worker.build').locals]).toEqual([['name', { kind: 'strings', values: ['s3'] }]]);
    expect(scopeOf(py, 'handler')).toMatchObject({ fn: 'handler', region: 'handler', cls: null });
  });
});

describe('lookupName', () => {
  it('finds locals first, then functions of this and enclosing scopes, linking the region to them', () => {
    const py = interpreterFor(script);
    const scope = scopeOf(py, 'handler');
    scope.locals.set('c', ec2);
    expect(lookupName(py, 'c', scope)).toBe(ec2);
    expect(lookupName(py, 'helper', scope)).toEqual({ kind: 'function', keys: ['handler.helper'], bound: false });
    expect(lookupName(py, 'outer', scope)).toEqual({ kind: 'function', keys: ['outer'], bound: false });
    py.log.record(py.table.functions.get('outer')?.node ?? expect.fail(), 'outer', {
      service: 'ec2',
      operation: 'DescribeInstances',
      method: 'describe_instances',
      kind: 'client',
      confidence: 'certain',
      text: 'x',
    });
    expect(py.log.results('handler')[0]?.reachableFromHandler).toBe(true);
  });

  it("reads an enclosing function's locals, then globals, then classes (linking to their entry methods)", () => {
    const py = interpreterFor(script);
    py.state.setLocals('outer', new Map([['shared', ec2]]));
    py.state.setGlobal('g', { kind: 'session' });
    const inner = scopeOf(py, 'outer.inner');
    expect(lookupName(py, 'shared', inner)).toBe(ec2);
    expect(lookupName(py, 'shared', scopeOf(py, 'handler'))).toBeUndefined();
    expect(lookupName(py, 'g', inner)).toEqual({ kind: 'session' });
    expect(lookupName(py, 'Worker', moduleScope())).toEqual({ kind: 'class', name: 'Worker' });
    expect(lookupName(py, 'nothing', inner)).toBeUndefined();
    for (const key of ['Worker.__init__', 'Worker.__enter__', 'Worker.build'])
      py.log.record(py.table.functions.get(key)?.node ?? expect.fail(), key, {
        service: 'ec2',
        operation: key,
        method: 'm',
        kind: 'client',
        confidence: 'certain',
        text: key,
      });
    expect(py.log.results('handler').map((c) => [c.operation, c.reachableFromHandler])).toEqual([
      ['Worker.__init__', true],
      ['Worker.__enter__', true],
      ['Worker.build', false],
    ]);
  });

  it('skips the locals of a name declared global', () => {
    const py = interpreterFor(script);
    const scope = scopeOf(py, 'handler');
    scope.locals.set('c', ec2);
    py.state.setGlobal('c', { kind: 'session' });
    scope.globalNames.add('c');
    expect(lookupName(py, 'c', scope)).toEqual({ kind: 'session' });
  });

  it('reads class-body names in a class body at module level', () => {
    const py = interpreterFor(script);
    const classBody: Scope = { ...moduleScope(), locals: new Map([['c', ec2]]), cls: 'Worker' };
    expect(lookupName(py, 'c', classBody)).toBe(ec2);
    expect(lookupName(py, 'c', moduleScope())).toBeUndefined();
  });
});

describe('assignName', () => {
  it('binds a global at module level or when declared global, else a local', () => {
    const py = interpreterFor(script);
    assignName(py, 'a', ec2, moduleScope());
    expect(py.state.global('a')).toBe(ec2);
    const scope = scopeOf(py, 'handler');
    assignName(py, 'b', ec2, scope);
    expect(scope.locals.get('b')).toBe(ec2);
    expect(py.state.global('b')).toBeUndefined();
    scope.globalNames.add('c');
    assignName(py, 'c', ec2, scope);
    expect(py.state.global('c')).toBe(ec2);
    expect(scope.locals.has('c')).toBe(false);
  });
});
