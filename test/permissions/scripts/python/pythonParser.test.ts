import { describe, expect, it } from 'vitest';
import { analyzePython, loadPythonParser } from '../../../../src/permissions/scripts/analyzePython.js';
import { pythonParser } from '../../../../src/permissions/scripts/python/pythonParser.js';
import { testCatalog } from '../testCatalog.js';

// Vitest runs each test file in a process of its own, so the parser is not loaded when this file starts.
describe('loadPythonParser', () => {
  it('must be awaited before a script is analysed', async () => {
    expect(() => pythonParser()).toThrow(
      'the Python parser is not loaded: await loadPythonParser() before analysing a Python script',
    );
    expect(() => analyzePython('import boto3', { catalog: testCatalog() })).toThrow(/await loadPythonParser\(\)/);
    await loadPythonParser();
    const parser = pythonParser();
    await loadPythonParser();
    expect(pythonParser()).toBe(parser);
    expect(analyzePython("import boto3\nboto3.client('s3').list_buckets()", { catalog: testCatalog() }).calls).toEqual([
      expect.objectContaining({ service: 's3', operation: 'ListBuckets' }),
    ]);
  });
});
