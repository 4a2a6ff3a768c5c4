import { relative, resolve } from 'node:path';
import type { Config } from './config.js';
import type { ReadScope } from '../parse/readScope.js';
import type { Runbook } from '../model/runbook.js';
import { automationScopeProbes } from '../policy/automationRoleScope.js';
import type { RoleDescription } from '../parse/extract/linkedRole.js';
import type { StepPermissions } from '../permissions/permissionNeed.js';
import { RoleEvaluator } from '../policy/evaluateRole.js';
import type { RoleEvaluation } from '../policy/evaluateRole.js';
import { loadRoleFile, RoleFileError } from '../policy/loadRoleFile.js';
import { roleFromTemplate } from '../policy/roleFromTemplate.js';
import type { RoleInfo } from '../policy/roleInfo.js';
import { compilePathGlob } from '../model/pathGlob.js';

export type ResolvedRole = { info?: RoleInfo } | { error: string; file: string };

/**
 * Which role a runbook runs as, in this order: the `--role` file, else the first `roles:` glob in the config
 * that matches the runbook's path (relative to the config's directory), else the role the same template links to it.
 * Role files are read once each, on first use.
 */
export class RoleResolver {
  private readonly files = new Map<string, ResolvedRole>();
  private readonly templateRoles = new WeakMap<RoleDescription, RoleInfo>();
  /** Roles used so far (weakly: a template's role is not kept once its runbooks are linted). */
  private readonly used = new WeakSet<RoleInfo>();
  /** The problems of the roles used since takeNewProblems was last called, in the order of first use. */
  private newProblems: string[] = [];
  private readonly evaluator = new RoleEvaluator();
  private readonly matchers: { glob: string; file: string; matches: (path: string) => boolean }[];

  private constructor(
    private readonly config: Config,
    private readonly cliRole: RoleInfo | undefined,
    private readonly scope: ReadScope | undefined,
  ) {
    this.matchers = Object.entries(config.roles).map(([glob, file]) => ({
      glob,
      file,
      matches: compilePathGlob(glob),
    }));
  }

  static async create(config: Config, cliRole?: RoleInfo, scope?: ReadScope): Promise<RoleResolver> {
    return new RoleResolver(config, cliRole, scope);
  }

  roleFor(runbookPath: string, linked?: RoleDescription): ResolvedRole {
    const found = this.lookup(runbookPath, linked);
    if ('info' in found && found.info && !this.used.has(found.info)) {
      this.used.add(found.info);
      for (const problem of found.info.problems) this.newProblems.push(problem);
    }
    return found;
  }

  private lookup(runbookPath: string, linked?: RoleDescription): ResolvedRole {
    if (this.cliRole) return { info: this.cliRole };
    if (this.matchers.length > 0) {
      const path = relative(this.config.baseDir, resolve(runbookPath)).split('\\').join('/');
      const match = this.matchers.find((matcher) => matcher.matches(path));
      if (match) return this.roleFile(match.file);
    }
    if (linked) {
      let info = this.templateRoles.get(linked);
      if (!info) this.templateRoles.set(linked, (info = roleFromTemplate(linked)));
      return { info };
    }
    return {};
  }

  private roleFile(file: string): ResolvedRole {
    const path = resolve(this.config.baseDir, file);
    let resolved = this.files.get(path);
    if (resolved && 'error' in resolved) return {};
    if (!resolved) {
      try {
        // The configuration comes with the repository: a role file outside it is not read (it could be any file).
        if (this.scope && !this.scope.contains(path))
          throw new RoleFileError(`Role file ${file} is outside the repository, so it was not read`);
        resolved = { info: loadRoleFile(path, file, { namedByUser: false }) };
      } catch (error) {
        if (!(error instanceof RoleFileError)) throw error;
        resolved = {
          error: `${error.message.replace(/\.$/, '')} (named under roles: in ${this.config.path ?? 'the configuration'}).`,
          file: path,
        };
      }
      this.files.set(path, resolved);
    }
    // An unreadable role file is reported once; the runbooks it was meant for are then linted without a role.
    return resolved;
  }

  evaluate(info: RoleInfo, runbook: Runbook, permissions: readonly StepPermissions[]): Promise<RoleEvaluation> {
    return this.evaluator.evaluate(info, permissions, (account) => automationScopeProbes(runbook, account));
  }

  /**
   * The problems (unresolved managed policies) of the roles used for the first time since the last call, in the order
   * of first use; a problem may repeat one given before, by another role. A run that lints file by file, here or in
   * workers, adds them in file order, each problem once.
   */
  takeNewProblems(): string[] {
    const fresh = this.newProblems;
    if (fresh.length > 0) this.newProblems = [];
    return fresh;
  }
}
