import { randomBytes } from 'node:crypto';
import { rm, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `text` to `file` so that readers see either the old content or the whole new content, never a partial file:
 * the text goes to a temporary file in the same directory (rename is only atomic within one file system), which then
 * replaces `file`.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}`;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${suffix}.tmp`);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
