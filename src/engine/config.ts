import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import { DEFAULT_PARSE_LIMITS, parseDocument } from '../parse/parseDocument.js';
import { pathGlobProblem } from '../model/pathGlob.js';
import { valueOf } from '../parse/documentNode.js';
import { readRegularFileSync, refusalReason } from '../parse/readRegularFile.js';
import { DEFAULT_MAX_FILE_SIZE } from '../parse/readSourceFile.js';
import type { FollowOnKind } from '../permissions/permissionNeed.js';
import type { Severity } from './finding.js';
import { packageRoot } from '../util/packageRoot.js';

export type RuleSetting = 'off' | Severity;

export interface Config {
  /** Absolute directory the config's relative globs and paths are resolved against. */
  baseDir: string;
  /** The config file read, if any. */
  path?: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  maxFileSize: number;
  roles: Record<string, string>;
  /** Follow-on kinds every command leaves out (`permissions: exclude:`). */
  excludeFollowOns: FollowOnKind[];
}

/** A configuration is a few lines of YAML; anything larger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export const CONFIG_FILE_NAMES = ['.runbook-iam.yaml', '.runbook-iam.yml'];

export class ConfigError extends Error {}

export function defaultConfig(baseDir: string): Config {
  return { baseDir, rules: {}, ignore: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, roles: {}, excludeFollowOns: [] };
}

/** The nearest .runbook-iam.yaml from `cwd` upwards (stopping at a repository root), or none. */
export function findConfigFile(cwd: string): string | undefined {
  let directory = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(join(directory, '.git'))) return undefined;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

let validator:
  (((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null }) | undefined;

function validateConfig(data: unknown): string | undefined {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'config.schema.json'), 'utf8')) as object;
    // ajv is loaded only when a config file is read: most runs have none, and loading it costs ~100 ms.
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof AjvModule;
    validator = new Ajv({ allErrors: true }).compile(schema);
  }
  if (validator(data)) return undefined;
  return (validator.errors ?? [])
    .map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`)
    .join('; ');
}

/** Reads and validates a config file; every problem is a ConfigError naming the file and position. */
export function loadConfig(path: string, knownRuleIds: ReadonlySet<string>): Config {
  const read = readRegularFileSync(path, { maxBytes: MAX_CONFIG_BYTES });
  if (!read.ok) throw new ConfigError(`${refusalReason(`config file ${path}`, read, MAX_CONFIG_BYTES)}.`);
  const text = read.bytes.toString('utf8');
  const config = defaultConfig(dirname(resolve(path)));
  config.path = path;
  // Empty, or every setting commented out: the defaults.
  if (text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'))) return config;
  const parsed = parseDocument(path, text, 'yaml', DEFAULT_PARSE_LIMITS, { strict: true });
  if (!parsed.ok) {
    const where = parsed.error.range ? `:${parsed.error.range.startLine}:${parsed.error.range.startColumn}` : '';
    throw new ConfigError(`${path}${where}: ${parsed.error.message}`);
  }
  const data = valueOf(parsed.document.root);
  const problem = validateConfig(JSON.parse(JSON.stringify(data)));
  if (problem) throw new ConfigError(`${path}: invalid configuration: ${problem}.`);
  const object = data as {
    rules?: Record<string, RuleSetting>;
    ignore?: string[];
    maxFileSize?: number;
    roles?: Record<string, string>;
    permissions?: { exclude?: FollowOnKind[] };
  };
  for (const glob of [...(object.ignore ?? []), ...Object.keys(object.roles ?? {})]) {
    const why = pathGlobProblem(glob);
    if (why) throw new ConfigError(`${path}: the glob "${glob.slice(0, 80)}${glob.length > 80 ? '…' : ''}" ${why}.`);
  }
  for (const id of Object.keys(object.rules ?? {})) {
    if (!knownRuleIds.has(id))
      throw new ConfigError(`${path}: unknown rule "${id}" in rules; run \`runbook-iam rules\` to list rule ids.`);
  }
  return {
    ...config,
    rules: { ...(object.rules ?? {}) },
    ignore: [...(object.ignore ?? [])],
    maxFileSize: object.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    roles: { ...(object.roles ?? {}) },
    excludeFollowOns: [...(object.permissions?.exclude ?? [])],
  };
}
