// The shape of an IAM policy document (IAM User Guide, "IAM JSON policy element reference" and "Grammar of the IAM
// JSON policy language"), checked before a document from a role file is evaluated: a value of the wrong type would
// otherwise fail deep inside the evaluation, or make a statement silently grant or deny nothing.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/** Where and how the document breaks the grammar (` Statement[2].Action must be …`), or undefined when it does not. */
export function policyDocumentProblem(document: unknown): string | undefined {
  if (!isObject(document)) return ' must be a policy document (a JSON object with a Statement)';
  if (document.Version !== undefined && typeof document.Version !== 'string') return '.Version must be a string';
  const statements = document.Statement;
  if (statements === undefined) return ' must be a policy document with a Statement';
  const list = Array.isArray(statements) ? statements : [statements];
  for (const [index, statement] of list.entries()) {
    const where = Array.isArray(statements) ? `.Statement[${index}]` : '.Statement';
    const problem = statementProblem(statement);
    if (problem) return `${where}${problem}`;
  }
  return undefined;
}

function statementProblem(statement: unknown): string | undefined {
  if (!isObject(statement)) return ' must be an object with Effect, Action and Resource';
  for (const key of Object.keys(statement))
    if (!STATEMENT_KEYS.has(key)) return ` has "${key.slice(0, 40)}", which is not a policy statement element`;
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return '.Effect must be "Allow" or "Deny"';
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string') return '.Sid must be a string';
  if ((statement.Action === undefined) === (statement.NotAction === undefined))
    return ' must have exactly one of Action and NotAction';
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const)
    if (statement[key] !== undefined && !isStringOrStrings(statement[key]))
      return `.${key} must be a string or a list of strings`;
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    const principal = statement[key];
    if (principal === undefined || principal === '*') continue;
    if (!isObject(principal) || !Object.values(principal).every(isStringOrStrings))
      return `.${key} must be "*" or an object of principal types to strings or lists of strings`;
  }
  if (statement.Condition !== undefined) {
    if (!isObject(statement.Condition)) return '.Condition must be an object of condition operators';
    for (const [operator, keys] of Object.entries(statement.Condition)) {
      if (!isObject(keys)) return `.Condition.${operator.slice(0, 40)} must be an object of condition keys`;
      for (const [key, value] of Object.entries(keys)) {
        const values = Array.isArray(value) ? (value as unknown[]) : [value];
        if (!values.every((item) => ['string', 'number', 'boolean'].includes(typeof item)))
          return `.Condition.${operator.slice(0, 40)}.${key.slice(0, 40)} must be a string, number or boolean, or a list of them`;
      }
    }
  }
  return undefined;
}

function isStringOrStrings(value: unknown): boolean {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}
