import { runSimulation } from '@cloud-copilot/iam-simulate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedPolicy } from '../../src/policy/boundedPolicy.js';
import type { PolicyDocument } from '../../src/policy/roleInfo.js';

/**
 * The policy given to the simulator is rewritten per request (long lists pruned to what can match, patterns with many
 * wildcards decided here): the simulator's answer must be the same as for the policy as written.
 */
const ACCOUNT = '123456789012';

async function allowed(
  document: PolicyDocument,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
) {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/R`,
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: [{ name: 'p', policy: document }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}

const BUCKETS = ['logs', 'logs-a', 'data', 'Logs', 'log'];
const bucketPattern = fc.constantFrom('logs', 'logs-*', 'l*', '*s', 'log?', 'd*a', 'L*', '*', 'x*y*z', 'l*g*s*');
const actionPattern = fc.constantFrom(
  's3:ListBucket',
  's3:List*',
  's3:*',
  's3:Get*',
  's3:l*t*b*',
  'ec2:*',
  's3:?istBucket',
);

describe('boundedPolicy keeps the simulator answer', () => {
  it('on random statements with long Action and Resource lists and StringLike conditions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            Effect: fc.constantFrom('Allow', 'Deny'),
            Action: fc.array(actionPattern, { minLength: 1, maxLength: 7 }),
            Resource: fc.array(
              bucketPattern.map((bucket) => `arn:aws:s3:::${bucket}`),
              { minLength: 1, maxLength: 7 },
            ),
            like: fc.option(fc.array(fc.constantFrom('a*b*c*d', 'team-*', '*', 'x'), { minLength: 1, maxLength: 3 })),
            forAll: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom(...BUCKETS),
        fc.constantFrom<string[]>([], ['team-a'], ['abcd', 'team-b'], ['aXbXcXd'], ['abcd', 'aXbXcXd']),
        async (statements, bucket, tags) => {
          const document: PolicyDocument = {
            Version: '2012-10-17',
            Statement: statements.map(({ Effect, Action, Resource, like, forAll }) => ({
              Effect,
              Action,
              Resource,
              ...(like
                ? {
                    Condition: {
                      [forAll ? 'ForAllValues:StringLike' : 'ForAnyValue:StringLike']: { 'aws:TagKeys': like },
                    },
                  }
                : {}),
            })),
          };
          const resource = `arn:aws:s3:::${bucket}`;
          const context: Record<string, string | string[]> = tags.length > 0 ? { 'aws:TagKeys': tags } : {};
          const bounded = boundedPolicy(document, { action: 's3:ListBucket', resource, context });
          if ('unsafe' in bounded) throw new Error(bounded.unsafe);
          expect(await allowed(bounded.document, 's3:ListBucket', resource, context)).toBe(
            await allowed(document, 's3:ListBucket', resource, context),
          );
        },
      ),
      { numRuns: 300 },
    );
  }, 30_000);

  it('a condition pattern with many wildcards and a policy variable cannot be decided: unsafe, with a reason', () => {
    const result = boundedPolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: '*',
            Condition: { StringLike: { 'aws:userid': '${aws:username}*a*a*a*a*b' } },
          },
        ],
      },
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::b' },
    );
    expect(result).toEqual({ unsafe: expect.stringMatching(/has 5 wildcards/) });
  });
});
