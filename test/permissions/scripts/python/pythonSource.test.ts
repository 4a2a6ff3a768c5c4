import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser, pythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { childList, PythonSource, stringLiteral } from '../../../../src/permissions/scripts/python/pythonSource.js';
import { syntaxErrors } from '../../../../src/permissions/scripts/python/syntaxErrors.js';

beforeAll(loadPythonParser);

describe('PythonSource', () => {
  it('gives 1-based lines and columns, at line starts and ends too', () => {
    const source = new PythonSource('ab\n\ncd\n');
    expect([0, 1, 2, 3, 4, 5, 7].map((offset) => source.position(offset))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 1, column: 3 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 3, column: 2 },
      { line: 4, column: 1 },
    ]);
  });

  it('gives the text of a node, and nothing for none', () => {
    const text = "x = boto3.client('s3')";
    const source = new PythonSource(text);
    const assign = pythonParser().parse(text).topNode.firstChild;
    expect(assign && childList(assign).map((child) => [child.name, source.of(child)])).toEqual([
      ['VariableName', 'x'],
      ['AssignOp', '='],
      ['CallExpression', "boto3.client('s3')"],
    ]);
    expect(source.of(null)).toBe('');
  });
});

describe('stringLiteral', () => {
  it('removes prefixes and quotes and keeps escapes as written', () => {
    expect(stringLiteral("'ec2'")).toBe('ec2');
    expect(stringLiteral('"s3"')).toBe('s3');
    expect(stringLiteral("'''multi\nline'''")).toBe('multi\nline');
    expect(stringLiteral('"""x"""')).toBe('x');
    expect(stringLiteral("rb'\\d'")).toBe('\\d');
    expect(stringLiteral("f'{a}-x'")).toBe('{a}-x');
    expect(stringLiteral("'unterminated")).toBe('unterminated');
  });
});

describe('syntaxErrors', () => {
  const errorsOf = (text: string) => syntaxErrors(pythonParser().parse(text).topNode, new PythonSource(text));

  it('reports each error once, with the text near it', () => {
    expect(errorsOf('x = 1\ny = )\n')).toEqual([
      {
        line: 2,
        column: 5,
        message: "Python syntax error near ')' at line 2, column 5; calls after it may be missed.",
      },
    ]);
    expect(errorsOf('def')).toEqual([
      { line: 1, column: 4, message: 'Python syntax error at line 1, column 4; calls after it may be missed.' },
    ]);
    expect(errorsOf('import boto3\n')).toEqual([]);
  });

  it('reports at most 50', () => {
    expect(errorsOf(')\n'.repeat(200))).toHaveLength(50);
  });
});
