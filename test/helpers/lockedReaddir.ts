import type * as FsPromises from 'node:fs/promises';

/**
 * node:fs/promises whose readdir refuses a directory named "locked" with EACCES. As root (the usual container user)
 * chmod 000 does not stop readdir, so there the refusal is simulated as the kernel would give it to other users;
 * elsewhere tests chmod the directory for real. Use from a vi.mock factory.
 */
export function withLockedReaddir(actual: typeof FsPromises): typeof FsPromises {
  const readdir = (async (path: Parameters<typeof actual.readdir>[0], options?: unknown) => {
    if (String(path).endsWith('locked') && process.getuid?.() === 0) {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- forwarding the overloaded signature unchanged
    return (actual.readdir as any)(path, options);
  }) as typeof actual.readdir;
  return { ...actual, readdir, default: { ...actual, readdir } } as typeof FsPromises;
}
