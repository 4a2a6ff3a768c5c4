import { describe, expect, it } from 'vitest';
import { joinBranches, joinValues, sameValue } from '../../../../src/permissions/scripts/python/value.js';
import type { Value } from '../../../../src/permissions/scripts/python/value.js';

const strings = (...values: string[]): Value => ({ kind: 'strings', values });
const client = (services: string[] | null): Value => ({ kind: 'client', services });

describe('joinValues', () => {
  it('keeps one side when the other is absent', () => {
    expect(joinValues(undefined, client(['s3']))).toEqual(client(['s3']));
    expect(joinValues(client(['s3']), undefined)).toEqual(client(['s3']));
    expect(joinValues(undefined, undefined)).toBeUndefined();
  });

  it('unions string sets in order, without repeats', () => {
    expect(joinValues(strings('ec2', 's3'), strings('s3', 'sqs'))).toEqual(strings('ec2', 's3', 'sqs'));
  });

  it('unions the services of clients, and of resources of one type', () => {
    expect(joinValues(client(['ec2']), client(['s3', 'ec2']))).toEqual(client(['ec2', 's3']));
    expect(
      joinValues(
        { kind: 'resource', services: ['s3'], type: 'Bucket' },
        { kind: 'resource', services: ['s3'], type: 'Bucket' },
      ),
    ).toEqual({ kind: 'resource', type: 'Bucket', services: ['s3'] });
  });

  it('makes a client whose service is computed at run time win over known services', () => {
    expect(joinValues(client(['ec2']), client(null))).toEqual(client(null));
    expect(
      joinValues({ kind: 'resource', services: null, type: 'X' }, { kind: 'resource', services: ['s3'], type: 'X' }),
    ).toEqual({ kind: 'resource', type: 'X', services: null });
  });

  it('keeps the first of two resources of different types', () => {
    const bucket: Value = { kind: 'resource', services: ['s3'], type: 'Bucket' };
    expect(joinValues(bucket, { kind: 'resource', services: ['s3'], type: 'Object' })).toBe(bucket);
  });

  it('unions function targets and binds when either side is bound', () => {
    expect(
      joinValues({ kind: 'function', keys: ['a'], bound: false }, { kind: 'function', keys: ['b', 'a'], bound: true }),
    ).toEqual({ kind: 'function', keys: ['a', 'b'], bound: true });
  });

  it('joins list items', () => {
    expect(joinValues({ kind: 'list', item: client(['ec2']) }, { kind: 'list', item: client(['rds']) })).toEqual({
      kind: 'list',
      item: client(['ec2', 'rds']),
    });
  });

  it('lets an AWS value win over a string, and keeps the first of unrelated kinds', () => {
    expect(joinValues(strings('x'), client(['s3']))).toEqual(client(['s3']));
    expect(joinValues(client(['s3']), strings('x'))).toEqual(client(['s3']));
    expect(joinValues({ kind: 'session' }, client(['s3']))).toEqual({ kind: 'session' });
  });

  it('turns strings joined with an unknown value into unknown, and lets anything else win over unknown', () => {
    expect(joinValues({ kind: 'unknown' }, strings('s3'))).toEqual({ kind: 'unknown' });
    expect(joinValues(strings('s3'), { kind: 'unknown' })).toEqual({ kind: 'unknown' });
    expect(joinValues({ kind: 'unknown' }, client(['s3']))).toEqual(client(['s3']));
  });
});

describe('joinBranches', () => {
  it('joins two values, and drops a value joined with a string on one side only', () => {
    expect(joinBranches(client(['s3']), client(['sqs']))).toEqual(client(['s3', 'sqs']));
    expect(joinBranches(client(['s3']), undefined)).toEqual(client(['s3']));
    expect(joinBranches(undefined, strings('s3'))).toBeUndefined();
    expect(joinBranches(strings('a'), strings('b'))).toEqual(strings('a', 'b'));
  });
});

describe('sameValue', () => {
  it('compares by content, lists in order', () => {
    expect(sameValue(client(['s3', 'ec2']), client(['s3', 'ec2']))).toBe(true);
    expect(sameValue(client(['s3', 'ec2']), client(['ec2', 's3']))).toBe(false);
    expect(sameValue(client(null), client([]))).toBe(false);
    expect(sameValue(strings('a'), strings('a', 'b'))).toBe(false);
    expect(sameValue({ kind: 'list', item: client(['s3']) }, { kind: 'list', item: client(['s3']) })).toBe(true);
    expect(sameValue({ kind: 'list', item: client(['s3']) }, { kind: 'list', item: client(['sqs']) })).toBe(false);
  });

  it('ignores the order in which properties were written', () => {
    expect(
      sameValue(
        { kind: 'resource', type: 'Bucket', services: ['s3'] },
        { kind: 'resource', services: ['s3'], type: 'Bucket' },
      ),
    ).toBe(true);
  });

  it('tells apart every field of every kind', () => {
    const pairs: [Value, Value][] = [
      [
        { kind: 'module', path: 'boto3' },
        { kind: 'module', path: 'boto3.client' },
      ],
      [
        { kind: 'resource', services: ['s3'], type: 'Bucket' },
        { kind: 'resource', services: ['s3'], type: 'Object' },
      ],
      [
        { kind: 'collection', services: ['s3'], type: 'Bucket', name: 'objects' },
        { kind: 'collection', services: ['s3'], type: 'Bucket', name: 'versions' },
      ],
      [
        { kind: 'resourceMeta', services: ['s3'] },
        { kind: 'resourceMeta', services: null },
      ],
      [
        { kind: 'boundMethod', services: ['s3'], method: 'a' },
        { kind: 'boundMethod', services: ['s3'], method: null },
      ],
      [
        { kind: 'function', keys: ['f'], bound: false },
        { kind: 'function', keys: ['f'], bound: true },
      ],
      [
        { kind: 'class', name: 'A' },
        { kind: 'class', name: 'B' },
      ],
      [
        { kind: 'instance', cls: 'A' },
        { kind: 'instance', cls: 'B' },
      ],
      [{ kind: 'paginator' }, { kind: 'waiter' }],
      [client(['s3']), { kind: 'unknown' }],
    ];
    for (const [a, b] of pairs) {
      expect(sameValue(a, b)).toBe(false);
      expect(sameValue(a, structuredClone(a))).toBe(true);
    }
    expect(sameValue(undefined, undefined)).toBe(true);
    expect(sameValue(undefined, client(['s3']))).toBe(false);
  });
});
