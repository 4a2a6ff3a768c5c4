import type { MapEntry } from './documentNode.js';

/**
 * The entries of one mapping with each key once: a key written twice keeps the place of its first definition and
 * the value of its last, as PyYAML, JSON.parse and CloudFormation read it (see docs/rules/duplicate-key.md).
 * `onDuplicate` is told of every repeated key with the definition it overrides.
 */
export function uniqueEntries(
  entries: MapEntry[],
  onDuplicate: (earlier: MapEntry, later: MapEntry) => void,
): MapEntry[] {
  const indexByKey = new Map<string, number>();
  const unique: MapEntry[] = [];
  for (const entry of entries) {
    const index = indexByKey.get(entry.key);
    if (index === undefined) {
      indexByKey.set(entry.key, unique.length);
      unique.push(entry);
      continue;
    }
    onDuplicate(unique[index] as MapEntry, entry);
    unique[index] = entry;
  }
  return unique;
}
