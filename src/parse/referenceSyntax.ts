// The syntax of Automation references, `{{ expression }}` (Systems Manager User Guide, "Automation system variables"
// and "Parameters": https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html).

/** `{{ expression }}` as Automation writes references (global: use with matchAll/replace, which reset it). */
export const REFERENCE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A parameter name as a reference writes it: `{{ InstanceId }}`. */
export const PARAMETER_NAME = /^[A-Za-z0-9_-]+$/;

/** The parameter a value refers to when the whole value is one `{{ Name }}` reference (spaces around allowed). */
export function referencedParameter(value: string): string | undefined {
  const match = /^\s*\{\{\s*([^{}]*?)\s*\}\}\s*$/.exec(value);
  const name = match?.[1];
  return name !== undefined && PARAMETER_NAME.test(name) ? name : undefined;
}

/** Every parameter name the text refers to with `{{ Name }}`, in order, each once. */
export function parameterReferences(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(REFERENCE)) {
    const name = match[1] as string;
    if (PARAMETER_NAME.test(name)) names.add(name);
  }
  return [...names];
}
