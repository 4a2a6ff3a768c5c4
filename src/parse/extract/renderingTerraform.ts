import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

/** How many directories up from a template its .tf file is looked for (module layouts keep templates close by). */
const LEVELS_UP = 3;
/** A .tf file larger than this is not read while looking (Terraform files are small; this bounds the work). */
const MAX_TF_SIZE = 1024 * 1024;

/**
 * The .tf file that renders a template with `templatefile("${path.module}/…")`, looked for in the template's
 * directory and up to three above it; undefined when none names it. The path is given relative to `cwd`.
 */
export async function renderingTerraform(templatePath: string, cwd: string): Promise<string | undefined> {
  const template = resolve(templatePath);
  let directory = dirname(template);
  for (let level = 0; level <= LEVELS_UP; level++) {
    for (const tf of await terraformFiles(directory)) {
      if (await renders(tf, template)) return relative(cwd, tf) || tf;
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return undefined;
}

async function terraformFiles(directory: string): Promise<string[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && /\.tf$/i.test(entry.name))
      .map((entry) => join(directory, entry.name))
      .sort();
  } catch {
    return [];
  }
}

async function renders(tf: string, template: string): Promise<boolean> {
  try {
    if ((await stat(tf)).size > MAX_TF_SIZE) return false;
    const text = await readFile(tf, 'utf8');
    for (const match of text.matchAll(/templatefile\(\s*"([^"]+)"/g)) {
      const path = (match[1] as string).replace(/^\$\{path\.(module|root)\}\//, '');
      if (!path.includes('${') && resolve(dirname(tf), path) === template) return true;
    }
  } catch {
    // An unreadable .tf file renders nothing we can see.
  }
  return false;
}
