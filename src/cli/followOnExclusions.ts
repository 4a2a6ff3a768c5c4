import { resolve } from 'node:path';
import { Option } from 'commander';
import { rules } from '../../rules/index.js';
import { ConfigError, findConfigFile, loadConfig } from '../engine/config.js';
import { FOLLOW_ON_KINDS } from '../permissions/permissionNeed.js';
import type { FollowOnKind } from '../permissions/permissionNeed.js';
import { UsageError } from './usageError.js';

/** The follow-on kinds to leave out: `--exclude` on the command line, else the nearest config's `permissions: exclude:`. */
export function followOnExclusions(cwd: string, flag: string[] | undefined, configPath?: string): FollowOnKind[] {
  if (flag !== undefined) {
    const unknown = flag.filter((kind) => !(FOLLOW_ON_KINDS as readonly string[]).includes(kind));
    if (unknown.length > 0)
      throw new UsageError(
        `--exclude takes ${FOLLOW_ON_KINDS.join(', ')}; "${unknown.join('", "')}" is not a follow-on kind.`,
      );
    return flag as FollowOnKind[];
  }
  const path = configPath ?? findConfigFile(cwd);
  if (!path) return [];
  try {
    return loadConfig(resolve(cwd, path), new Set(rules.map((rule) => rule.meta.id))).excludeFollowOns;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** `--exclude <kinds...>` as permissions, policy and diff take it. */
export function excludeOption(): Option {
  return new Option(
    '--exclude <kinds...>',
    'leave out follow-on kinds (default: the config file\'s "permissions: exclude:")',
  ).choices([...FOLLOW_ON_KINDS]);
}
