import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { automationActionInfo, automationActionTypes } from '../../src/permissions/actionMap.js';
import { operationShapes } from '../../src/permissions/operationShapes.js';
import type { ApiShape } from '../../src/permissions/actionMapTypes.js';

const member = (shape: ApiShape | undefined, name: string): ApiShape | undefined =>
  shape?.kind === 'structure' ? shape.members[name] : undefined;

describe('operation shapes (aws-sdk models, boto3 member names)', () => {
  it('gives input members with their types and required members', () => {
    const shapes = operationShapes('ec2', 'CreateSnapshot');
    expect(shapes?.input.kind).toBe('structure');
    expect(shapes?.input.kind === 'structure' && shapes.input.required).toEqual(['VolumeId']);
    expect(member(shapes?.input, 'VolumeId')).toEqual({ kind: 'string' });
    expect(member(shapes?.input, 'DryRun')).toEqual({ kind: 'boolean' });
    expect(member(operationShapes('ec2', 'DescribeInstances')?.input, 'InstanceIds')).toEqual({
      kind: 'list',
      member: { kind: 'string' },
    });
  });

  it('gives the output shape a Selector walks: lists, nested structures, integers, timestamps', () => {
    const output = operationShapes('ec2', 'DescribeInstances')?.output;
    const reservations = member(output, 'Reservations');
    expect(reservations?.kind).toBe('list');
    const instance = reservations?.kind === 'list' ? member(reservations.member, 'Instances') : undefined;
    const first = instance?.kind === 'list' ? instance.member : undefined;
    expect(member(member(first, 'State'), 'Name')).toMatchObject({ kind: 'string' });
    expect(member(member(first, 'State'), 'Code')).toEqual({ kind: 'integer' });
    expect(member(first, 'LaunchTime')).toEqual({ kind: 'timestamp' });
  });

  it('resolves recursive shapes to a cyclic graph without looping', () => {
    // dynamodb AttributeValue refers to itself through L (list) and M (map).
    const item = member(operationShapes('dynamodb', 'GetItem')?.output, 'Item');
    const value = item?.kind === 'map' ? item.value : undefined;
    const list = member(value, 'L');
    expect(list?.kind === 'list' && list.member).toBe(value);
  });

  it('is undefined for an unknown client or operation, and an empty structure for an operation without output', () => {
    expect(operationShapes('ec2', 'DescribeInstance')).toBeUndefined();
    expect(operationShapes('nope', 'DescribeInstances')).toBeUndefined();
    expect(operationShapes('ec2', 'DeleteTags')?.output).toEqual({ kind: 'structure', members: {}, required: [] });
  });
});

describe('aws: action inputs', () => {
  it('every action type has an input table; Service/Api actions take the operation members', () => {
    for (const type of automationActionTypes()) expect(automationActionInfo(type)?.inputs, type).toBeDefined();
    expect(automationActionInfo('aws:executeAwsApi')?.operationMembers).toBe(true);
    expect(automationActionInfo('aws:changeInstanceState')?.inputs.DesiredState).toEqual({
      type: 'String',
      required: true,
      allowedValues: ['running', 'stopped', 'terminated'],
    });
  });

  it('names only operations that exist in acceptsMembersOf', () => {
    for (const type of automationActionTypes()) {
      const accepts = automationActionInfo(type)?.acceptsMembersOf;
      if (!accepts) continue;
      const [client = '', api = ''] = accepts.split('.');
      expect(operationShapes(client, api), `${type} ${accepts}`).toBeDefined();
    }
  });
});

describe('the line-by-line reader of shapes/ agrees with the whole file', () => {
  const dir = join(import.meta.dirname, '..', '..', 'action-map');
  const dataFiles = (
    JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { dataFiles: { shapes: Record<string, string> } }
  ).dataFiles.shapes;
  it('for the first, middle and last operation of every client', () => {
    for (const [client, file] of Object.entries(dataFiles)) {
      const whole = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, StoredClient>)[client]!;
      const names = Object.keys(whole.operations);
      for (const name of [names[0], names[Math.floor(names.length / 2)], names.at(-1)]) {
        if (name === undefined) continue;
        const [input] = whole.operations[name]!;
        const expected = typeof input === 'number' ? Object.keys((whole.shapes[input] as { s?: object }).s ?? {}) : [];
        const got = operationShapes(client, name)?.input;
        expect(got?.kind === 'structure' ? Object.keys(got.members) : [], `${client} ${name}`).toEqual(expected);
      }
    }
  });
});

interface StoredClient {
  operations: Record<string, [number | string | null, number | string | null]>;
  shapes: object[];
}

describe('enum values (aws-sdk type declarations)', () => {
  it('marks string members that are enums, in inputs, outputs and list items', () => {
    const status = operationShapes('ec2', 'DescribeInstanceStatus')?.output;
    const statuses = member(status, 'InstanceStatuses');
    const state = statuses?.kind === 'list' ? member(member(statuses.member, 'InstanceState'), 'Name') : undefined;
    expect(state).toEqual({
      kind: 'string',
      enum: ['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped'],
    });
    const capabilities = member(operationShapes('cloudformation', 'CreateStack')?.input, 'Capabilities');
    expect(capabilities?.kind === 'list' && capabilities.member).toEqual({
      kind: 'string',
      enum: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    });
    expect(member(operationShapes('ec2', 'CreateSnapshot')?.input, 'VolumeId')).toEqual({ kind: 'string' });
  });
});
