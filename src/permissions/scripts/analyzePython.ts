export { analyzePython } from './python/analyzePython.js';
export type { AnalyzePythonOptions } from './python/analyzePython.js';
export { loadPythonParser } from './python/pythonParser.js';
