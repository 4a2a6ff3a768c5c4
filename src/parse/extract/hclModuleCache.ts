import { dirname, resolve } from 'node:path';
import type { HclJson } from './hclParser.js';

/**
 * The parsed .tf files of the module (directory) being linted, for one run. Terraform reads every .tf file of a
 * directory as one module, so each file with runbooks links roles across its siblings: without this, a module of n
 * files would be parsed n × n times. Only the latest directory is kept (the loader goes through a directory's files
 * together), which bounds the memory held to one module.
 */
export class HclModuleCache {
  private directory: string | undefined;
  private readonly parsed = new Map<string, Promise<HclJson>>();

  /** The parse of `path`, made with `parse` the first time the run asks for it. */
  parse(path: string, parse: () => Promise<HclJson>): Promise<HclJson> {
    const absolute = resolve(path);
    this.enter(dirname(absolute));
    let result = this.parsed.get(absolute);
    if (!result) this.parsed.set(absolute, (result = parse()));
    return result;
  }

  /** Whether `path` was parsed already in this run (a sibling then needs no second read). */
  has(path: string): boolean {
    return this.parsed.has(resolve(path));
  }

  private enter(directory: string): void {
    if (directory === this.directory) return;
    this.directory = directory;
    this.parsed.clear();
  }
}
