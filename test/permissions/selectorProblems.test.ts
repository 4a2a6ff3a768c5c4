import { describe, expect, it } from 'vitest';
import { operationShapes } from '../../src/permissions/operationShapes.js';
import { followSelector, parseSelector, typeMismatch } from '../../src/permissions/selectorProblems.js';

const describeInstances = operationShapes('ec2', 'DescribeInstances')!.output;

describe('parseSelector', () => {
  it('reads members, indexes, wildcards, filters, quoted members and deep scans', () => {
    expect(parseSelector("$.Reservations[0].Instances[*]['State'].Name")).toEqual([
      { kind: 'member', name: 'Reservations' },
      { kind: 'index' },
      { kind: 'member', name: 'Instances' },
      { kind: 'all' },
      { kind: 'member', name: 'State' },
      { kind: 'member', name: 'Name' },
    ]);
    expect(parseSelector("$..Tags[?(@.Key=='Name')].Value")).toEqual([
      { kind: 'deep', name: 'Tags' },
      { kind: 'filter' },
      { kind: 'member', name: 'Value' },
    ]);
  });

  it('gives up on what it does not understand', () => {
    expect(parseSelector('Reservations[0]')).toBeUndefined();
    expect(parseSelector('$.Reservations[0')).toBeUndefined();
  });
});

describe('followSelector', () => {
  it('follows a valid path to its shape, single or many', () => {
    expect(followSelector('$.Reservations[0].Instances[0].State.Name', describeInstances)).toMatchObject({
      ok: true,
      shape: { kind: 'string', enum: expect.arrayContaining(['running', 'stopped']) },
      many: false,
    });
    expect(followSelector('$.Reservations[*].Instances[*].InstanceId', describeInstances)).toMatchObject({
      ok: true,
      many: true,
    });
    expect(followSelector('$..InstanceId', describeInstances)).toMatchObject({ ok: true, many: true });
  });

  it('names a missing member with a did-you-mean', () => {
    expect(followSelector('$.Reservation[0]', describeInstances, 'the ec2 DescribeInstances response')).toEqual({
      ok: false,
      message: '"Reservation" is not a member of the ec2 DescribeInstances response. Did you mean "Reservations"?',
    });
    expect(followSelector('$.Reservations[0].Instances[0].Stat.Name', describeInstances)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Did you mean "State"?'),
    });
  });

  it('indexes lists only, and steps into a list only through an element', () => {
    expect(followSelector('$.Reservations[0].Instances[0].State[0]', describeInstances)).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a list'),
    });
    expect(followSelector('$.Reservations.Instances', describeInstances)).toMatchObject({
      ok: false,
      message: expect.stringContaining('is a list'),
    });
  });

  it('accepts ResponseMetadata, which boto3 adds to every response', () => {
    expect(followSelector('$.ResponseMetadata.HTTPStatusCode', describeInstances)).toEqual({ ok: 'unknown' });
  });
});

describe('typeMismatch (Automation converts String, Integer and Boolean, and one-element lists)', () => {
  it('accepts what Automation converts', () => {
    expect(typeMismatch('String', { kind: 'integer' }, false)).toBeUndefined();
    expect(typeMismatch('StringList', { kind: 'string' }, false)).toBeUndefined();
    expect(typeMismatch('StringList', { kind: 'string' }, true)).toBeUndefined();
    expect(typeMismatch('String', { kind: 'list', member: { kind: 'string' } }, false)).toBeUndefined();
  });

  it('reports what cannot hold the selection', () => {
    const structure = { kind: 'structure' as const, members: {}, required: [] };
    expect(typeMismatch('String', structure, false)).toBe('a structure');
    expect(typeMismatch('StringList', structure, true)).toBe('a list of structures');
    expect(typeMismatch('MapList', { kind: 'string' }, true)).toBe('a list of strings');
    expect(typeMismatch('Integer', { kind: 'string' }, false)).toBe('a string');
    expect(typeMismatch('StringMap', structure, false)).toBeUndefined();
  });
});
