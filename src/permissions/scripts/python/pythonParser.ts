import type * as LezerPython from '@lezer/python';

export type PythonParser = (typeof LezerPython)['parser'];

let loadedParser: PythonParser | undefined;

/**
 * Loads @lezer/python once. Whoever analyses Python awaits this first (the engine does so only for runbooks with a
 * Python script, so that other runs never pay for loading the parser).
 */
export async function loadPythonParser(): Promise<void> {
  loadedParser ??= (await import('@lezer/python')).parser;
}

/** The parser that loadPythonParser loaded; an internal error when it was not awaited before the analysis. */
export function pythonParser(): PythonParser {
  if (loadedParser === undefined)
    throw new Error('the Python parser is not loaded: await loadPythonParser() before analysing a Python script');
  return loadedParser;
}
