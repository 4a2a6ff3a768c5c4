import type { DocNode, MapNode } from '../parse/documentNode.js';
import type { ParseDiagnostic } from '../parse/parseDiagnostic.js';
import type { SourceFormat } from '../parse/parseDocument.js';
import type { SourceRange } from '../parse/sourceRange.js';
import type { SourceText } from '../parse/sourceText.js';

export interface Located<T> {
  value: T;
  range: SourceRange;
}

export interface Parameter {
  name: string;
  range: SourceRange;
  type?: string;
  description?: string;
  default?: unknown;
  defaultNode?: DocNode;
  allowedPattern?: Located<string>;
  allowedValues?: unknown[];
  node: DocNode;
}

export interface StepOutput {
  name?: string;
  selector?: string;
  type?: string;
  range: SourceRange;
}

/**
 * onFailure / onCancel: `Abort`, `Continue`, or `step:Name`, the properties every Automation action shares
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-actions.html#failProperties).
 */
export interface Transition {
  raw: string;
  kind: 'Abort' | 'Continue' | 'step' | 'invalid';
  target?: string;
  range: SourceRange;
}

export interface Step {
  index: number;
  name?: string;
  nameRange?: SourceRange;
  action?: string;
  actionRange?: SourceRange;
  /** The `inputs` map, when it is one. */
  inputs?: MapNode;
  outputs: StepOutput[];
  onFailure?: Transition;
  onCancel?: Transition;
  nextStep?: Located<string>;
  isEnd: boolean;
  isCritical?: boolean;
  maxAttempts?: number;
  timeoutSeconds?: number;
  /** Name of the enclosing aws:loop step, for steps nested in its `Steps` input. */
  loopParent?: string;
  /** Range of the whole step mapping; `headRange` is its first line, where findings about the step point. */
  range: SourceRange;
  headRange: SourceRange;
  node: DocNode;
}

export type ReferenceKind = 'parameter' | 'stepOutput' | 'global' | 'automation' | 'variable' | 'ssmParameter';

/**
 * A `{{ ... }}` reference in the runbook: a parameter, a step output or an Automation system variable
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html).
 */
export interface Reference {
  expression: string;
  kind: ReferenceKind;
  /** Parameter, variable, step or SSM parameter name. */
  name: string;
  /** For step outputs, the output name after the dot. */
  output?: string;
  range: SourceRange;
  /** The step whose definition contains the reference. */
  inStep?: string;
}

export interface Attachment {
  name: string;
  range: SourceRange;
  checksums?: Record<string, string>;
}

/** A script attachment as the loader read it, next to the runbook. */
export type LoadedAttachment =
  | { kind: 'found'; entries: { name: string; text: string }[] }
  | { kind: 'absent' }
  | { kind: 'error'; message: string };

/** A runbook as built from its document: never changed after it is built. */
export interface Runbook {
  readonly path: string;
  readonly format: SourceFormat;
  readonly source: SourceText;
  readonly root: MapNode;
  readonly range: SourceRange;
  readonly description?: string;
  readonly schemaVersion?: Located<string>;
  readonly assumeRole?: Located<string>;
  readonly parameters: readonly Parameter[];
  readonly variables: readonly Located<string>[];
  readonly outputs: readonly Located<string>[];
  readonly files: readonly Attachment[];
  /** `mainSteps` itself; absent or not a list is recorded for the invalid-runbook rule. */
  readonly mainStepsNode?: DocNode;
  readonly steps: readonly Step[];
  readonly references: readonly Reference[];
  /** What the parser read leniently in this runbook's text (yaml-compatibility, duplicate-key). */
  readonly parseDiagnostics: readonly ParseDiagnostic[];
  /** Script attachments by name, as the loader read them before the build; empty when none was read. */
  readonly attachments: ReadonlyMap<string, LoadedAttachment>;
}
