import { beforeAll, describe, expect, it } from 'vitest';
import { FunctionTable, MODULE } from '../../../../src/permissions/scripts/python/functionTable.js';
import { loadPythonParser, pythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { PythonSource } from '../../../../src/permissions/scripts/python/pythonSource.js';

beforeAll(loadPythonParser);

const tableOf = (lines: string[]) => {
  const text = lines.join('\n');
  return new FunctionTable(pythonParser().parse(text).topNode, new PythonSource(text));
};

describe('FunctionTable', () => {
  let table: FunctionTable;
  beforeAll(() => {
    table = tableOf([
      'def handler(events, context, *args, region="x", **kwargs):',
      '    def inner(c):',
      '        def deepest(): pass',
      '    f = lambda y: y',
      'class Worker(Base):',
      '    def __init__(self, client=None): pass',
      '    @staticmethod',
      '    def build(name): pass',
      '    def run(self): pass',
      'class Other:',
      '    def run(self): pass',
    ]);
  });

  it('keys functions by module, class and enclosing function', () => {
    expect([...table.functions.values()].map((f) => [f.key, f.parent, f.className, f.isStatic])).toEqual([
      ['handler', MODULE, null, false],
      ['handler.inner', 'handler', null, false],
      ['handler.inner.deepest', 'handler.inner', null, false],
      ['Worker.__init__', MODULE, 'Worker', false],
      ['Worker.build', MODULE, 'Worker', true],
      ['Worker.run', MODULE, 'Worker', false],
      ['Other.run', MODULE, 'Other', false],
    ]);
  });

  it('lists parameters without default values, marking star parameters', () => {
    expect(table.functions.get('handler')?.params).toEqual([
      { name: 'events', star: false },
      { name: 'context', star: false },
      { name: 'args', star: true },
      { name: 'region', star: false },
      { name: 'kwargs', star: true },
    ]);
    expect(table.functions.get('Worker.__init__')?.params.map((p) => p.name)).toEqual(['self', 'client']);
  });

  it('finds functions by scope and name, classes and their methods', () => {
    expect(table.definedIn(MODULE, 'handler')).toBe('handler');
    expect(table.definedIn('handler', 'inner')).toBe('handler.inner');
    expect(table.definedIn(MODULE, 'inner')).toBeUndefined();
    expect(table.definedIn(MODULE, 'run')).toBeUndefined();
    expect(table.isClass('Worker')).toBe(true);
    expect(table.isClass('Base')).toBe(false);
    expect(table.hasMethod('Worker', '__init__')).toBe(true);
    expect(table.hasMethod('Other', '__init__')).toBe(false);
    expect(table.methodsNamed('run')).toEqual(['Worker.run', 'Other.run']);
    expect(table.methodsNamed('missing')).toEqual([]);
  });

  it('finds the function of a definition node; a name defined twice keeps the last definition', () => {
    const twice = tableOf(['def f(a): pass', 'def f(b): pass']);
    expect([...twice.functions.keys()]).toEqual(['f']);
    const info = twice.functions.get('f');
    expect(info?.params.map((p) => p.name)).toEqual(['b']);
    expect(info && twice.atNode(info.node)).toBe(info);
    const firstDefinition = info?.node.parent?.firstChild;
    expect(firstDefinition?.name).toBe('FunctionDefinition');
    expect(firstDefinition && twice.atNode(firstDefinition)).toBeUndefined();
  });
});
