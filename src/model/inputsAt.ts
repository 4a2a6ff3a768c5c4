import type { DocNode, MapNode } from '../parse/documentNode.js';

/**
 * The nodes at a dotted input path (`BlockDeviceMappings.Ebs.KmsKeyId`), stepping through lists, as the action
 * map names nested inputs. Empty when the input is absent.
 */
export function inputsAt(inputs: MapNode | undefined, path: string): DocNode[] {
  let current: DocNode[] = inputs ? [inputs] : [];
  for (const key of path.split('.')) {
    const next: DocNode[] = [];
    const visit = (node: DocNode): void => {
      if (node.kind === 'seq') node.items.forEach(visit);
      else if (node.kind === 'map') {
        const entry = node.entries.find((candidate) => candidate.key === key);
        if (entry && !(entry.value.kind === 'scalar' && entry.value.value === null)) next.push(entry.value);
      }
    };
    current.forEach(visit);
    current = next;
  }
  return current;
}

export function scalarInput(inputs: MapNode | undefined, key: string): string | undefined {
  const [node] = inputsAt(inputs, key);
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}
