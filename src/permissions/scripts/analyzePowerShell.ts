import type { CmdletTable } from './cmdletTable.js';
import type { ScriptAnalysis, ScriptCall } from './scriptAnalysis.js';
import type { ServiceCatalog } from './serviceCatalog.js';
import { tokenizePowerShell } from './tokenizePowerShell.js';

export interface AnalyzePowerShellOptions {
  catalog?: ServiceCatalog;
  cmdlets: CmdletTable;
}

/** Cmdlets that manage modules: loading AWS.Tools makes no AWS API call. */
const MODULE_CMDLETS = new Set([
  'import-module',
  'install-module',
  'remove-module',
  'get-module',
  'find-module',
  'update-module',
  'install-awstoolsmodule',
  'update-awstoolsmodule',
  'uninstall-awstoolsmodule',
]);
const DEFINING_KEYWORDS = new Set(['function', 'filter', 'workflow', 'configuration']);

interface Lookup {
  cmdlets: Map<string, { service: string; operation: string }>;
  nonApi: Set<string>;
  prefixes: [string, string][];
}

const lookups = new WeakMap<CmdletTable, Lookup>();

function lookupFor(table: CmdletTable): Lookup {
  let lookup = lookups.get(table);
  if (!lookup) {
    lookup = {
      cmdlets: new Map(Object.entries(table.cmdlets).map(([name, call]) => [name.toLowerCase(), call])),
      nonApi: new Set(table.nonApi.map((name) => name.toLowerCase())),
      prefixes: Object.entries(table.prefixes).sort(([a], [b]) => b.length - a.length),
    };
    lookups.set(table, lookup);
  }
  return lookup;
}

/**
 * Finds the AWS Tools for PowerShell cmdlets an `aws:executeScript` PowerShell script calls. Cmdlet names inside
 * comments and string literals do not count. Never throws.
 */
export function analyzePowerShell(source: string, options: AnalyzePowerShellOptions): ScriptAnalysis {
  const lookup = lookupFor(options.cmdlets);
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const position = (offset: number): { line: number; column: number } => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
  const calls: ScriptCall[] = [];
  const functions: string[] = [];
  let usesAws = false;
  const tokens = tokenizePowerShell(source);
  tokens.forEach((token, index) => {
    if (token.kind !== 'word') return;
    const previous = tokens[index - 1];
    if (previous?.kind === 'word' && DEFINING_KEYWORDS.has(previous.text.toLowerCase())) {
      functions.push(token.text);
      return;
    }
    const name = token.text.slice(token.text.lastIndexOf('\\') + 1);
    const match = /^([A-Za-z]+)-([A-Za-z][A-Za-z0-9]*)$/.exec(name);
    if (!match) return;
    const noun = match[2] ?? '';
    const lower = name.toLowerCase();
    if (MODULE_CMDLETS.has(lower)) return;
    const start = position(token.from);
    const end = position(token.to);
    const base = {
      method: name,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      text: name,
      reachableFromHandler: true,
    };
    const known = lookup.cmdlets.get(lower);
    if (known) {
      usesAws = true;
      calls.push({
        ...base,
        service: known.service,
        operation: known.operation,
        kind: 'cmdlet',
        confidence: 'certain',
      });
      return;
    }
    if (lookup.nonApi.has(lower) || noun.startsWith('AWS')) {
      usesAws = true;
      return;
    }
    const prefix = lookup.prefixes.find(([p]) => noun.startsWith(p) && /^[A-Z0-9]?$/.test(noun.charAt(p.length)));
    if (prefix) {
      usesAws = true;
      calls.push({ ...base, service: prefix[1], operation: null, kind: 'cmdlet', confidence: 'unknown' });
    }
  });
  return { language: 'powershell', usesAws, calls, functions, handlerFound: null, parseErrors: [] };
}
