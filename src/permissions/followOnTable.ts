// Reader for action-map/follow-ons.json: the reviewed table of actions a step needs beyond the call it makes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/packageRoot.js';
import type { FollowOnKind } from './permissionNeed.js';

/** One entry of action-map/follow-ons.json. */
export interface FollowOn {
  kind: FollowOnKind;
  /** The IAM action (`sqs:SendMessage`) or Automation action type (`aws:executeScript`) that brings the follow-on. */
  of: string;
  actions: string[];
  /** For `kms`: the service whose requests use the key (`sqs`), for the kms:ViaService condition. */
  viaService?: string;
  /** Only when the call has this input (`WithDecryption`). */
  whenInput?: string;
  /** For conditional follow-ons: what must hold in the account, in words. */
  condition?: string;
  why: string;
  source: string;
}

interface StoredTable {
  followOns: FollowOn[];
}

let table: Map<string, FollowOn[]> | undefined;

function load(): Map<string, FollowOn[]> {
  if (table) return table;
  const stored = JSON.parse(readFileSync(join(packageRoot(), 'action-map', 'follow-ons.json'), 'utf8')) as StoredTable;
  table = new Map();
  for (const entry of stored.followOns) {
    const key = entry.of.toLowerCase();
    table.set(key, [...(table.get(key) ?? []), entry]);
  }
  return table;
}

/** The follow-ons of an IAM action or an Automation action type (IAM compares action names case-insensitively). */
export function followOnsOf(trigger: string): FollowOn[] {
  return load().get(trigger.toLowerCase()) ?? [];
}

/** Every follow-on entry, in file order. */
export function allFollowOns(): FollowOn[] {
  return [...load().values()].flat();
}
