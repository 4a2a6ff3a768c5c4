import { dirname, join } from 'node:path';

/**
 * Every file a Terraform file may read as a document's content with `file("…")` or `templatefile("…")`, found in
 * its text without parsing it: the literal paths of such calls anywhere in the file (relative to its directory, with
 * a leading `${path.module}/` or `${path.root}/` dropped, as the extraction does). A superset of what the
 * extraction reads: a computed path is never read, and a call outside a document's content only adds a path.
 */
export function terraformFileTargets(file: string, text: string): string[] {
  const targets: string[] = [];
  for (const match of text.matchAll(/\b(?:file|templatefile)\s*\(\s*"([^"]+)"/g)) {
    const relativePath = (match[1] as string).replace(/^\$\{path\.(module|root)\}\//, '');
    if (!relativePath.includes('${')) targets.push(join(dirname(file), relativePath));
  }
  return targets;
}
