import type { NeedOrigin, PermissionNeed, ResourceNote, UnsettledValue, ValueNote } from './permissionNeed.js';

/**
 * Why a step needs an action, in words: the one place where a need's origin and resource note (data) become text.
 * Commands and formatters call it when they print; nothing parses its result.
 */
export function describeNeed(need: Pick<PermissionNeed, 'action' | 'origin' | 'resourceNote'>): string {
  const origin = describeOrigin(need.action, need.origin);
  const resource = need.resourceNote ? describeResourceNote(need.resourceNote) : '';
  return resource === '' ? origin : `${origin}; ${resource}`;
}

function describeOrigin(action: string, origin: NeedOrigin): string {
  switch (origin.kind) {
    case 'automation':
      if (origin.unsettled)
        return `${origin.actionType} (Automation calls ${action}: ${describeUnsettled(origin.unsettled)})`;
      return `${origin.actionType} (Automation calls ${action}${origin.when ? ` because ${origin.when} is set` : ''})`;
    case 'api': {
      const call = `${origin.actionType} ${origin.service}.${origin.operation}`;
      if (action === 'iam:PassRole') return `${call} passes a role in ${origin.whenInput ?? 'its input'}`;
      return origin.whenInput === undefined ? call : `${call} with ${origin.whenInput}`;
    }
    case 'dynamic-api':
      return `${origin.actionType} ${origin.service}.${origin.operation}: the service or API is chosen at run time`;
    case 'script': {
      const where = `${origin.file} line ${origin.line}${origin.reachable ? '' : ', not reachable from the handler'}`;
      const label = origin.language === 'python' ? 'boto3 call' : 'AWS Tools cmdlet';
      if (origin.unresolved === 'dynamic-client')
        return `${origin.call} (${where}) creates a client for a service chosen at run time`;
      if (origin.unresolved === 'unknown-operation')
        return `${label} ${origin.call} (${where}) could not be resolved to an operation`;
      if (origin.whenInput !== undefined)
        return action === 'iam:PassRole'
          ? `${label} ${origin.call} (${where}) passes a role in ${origin.whenInput}`
          : `${label} ${origin.call} (${where}) with ${origin.whenInput}`;
      return `${label} ${origin.call} (${where})`;
    }
    case 'reference':
      return `{{ ${origin.expression} }} is read from Parameter Store`;
    case 'follow-on':
      if (origin.followOn === 'cloudwatch-output') return `${origin.of} output sent to CloudWatch Logs`;
      if (origin.followOn === 'kms') return `${origin.of} uses the resource's KMS key`;
      return `${origin.of} performs it with the caller's credentials`;
    case 'nested':
      return `child runbook ${origin.document} step ${origin.childStep}: ${describeOrigin(action, origin.of)}`;
    case 'catalog':
      return `AWS-owned runbook as analysed at ${origin.repository}@${origin.commit.slice(0, 7)}`;
    case 'stack-resource':
      return `CloudFormation ${origin.handler} handler of ${origin.resourceType} (no RoleARN)`;
  }
}

/** When a `conditional` need is needed, in words; empty for other needs. */
export function describeCondition(need: Pick<PermissionNeed, 'condition'>): string {
  return need.condition ? `only if ${need.condition.text}` : '';
}

/** Why the resources are what they are; empty when there is nothing to say. */
export function describeResourceNote(note: ResourceNote): string {
  switch (note.kind) {
    case 'not-named':
      return 'resource not named by a step input';
    case 'chosen-in-script':
      return 'resource chosen in the script';
    case 'role-run-time':
      return 'the role is known only at run time';
    case 'instance-profile':
      return 'an instance profile carries the role, so the role ARN is not in the step';
    case 'account-setting':
      return "the log group is the account's Automation logging preference, not named in the runbook";
    case 'stack-resource':
      return "a resource of the stack's template, named by CloudFormation or the template, not by the step";
    case 'inputs':
      return [
        ...new Set(
          note.inputs.map(
            ({ input, values }) => `resource from ${input}: ${[...new Set(values.map(describeValue))].join('; ')}`,
          ),
        ),
      ].join('; ');
  }
}

export function describeValue(note: ValueNote): string {
  switch (note.kind) {
    case 'parameter-default':
      return note.whole
        ? `parameter ${note.parameter} default; the caller may pass another value`
        : `parameter ${note.parameter} default`;
    case 'allowed-pattern':
      return `parameter ${note.parameter} allowedPattern`;
    case 'parameter-run-time':
      return `parameter ${note.parameter} is known only at run time`;
    case 'run-time':
      return `${note.expression} is known only at run time`;
    case 'structured':
      return 'a structured value';
  }
}

function describeUnsettled(value: UnsettledValue): string {
  if (value.kind === 'invalid')
    return `${value.input} "${value.value}" is not one of ${value.allowedValues.join(', ')}, so which call Automation makes is unknown`;
  const choice = value.allowedValues ? `one of ${value.allowedValues.join(', ')}` : 'chosen at run time';
  return `${value.input} is {{ ${value.expression} }}, ${choice}`;
}
