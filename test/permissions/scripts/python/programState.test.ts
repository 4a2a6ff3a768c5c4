import { describe, expect, it } from 'vitest';
import { attributeKey, ProgramState } from '../../../../src/permissions/scripts/python/programState.js';
import type { Value } from '../../../../src/permissions/scripts/python/value.js';

const ec2: Value = { kind: 'client', services: ['ec2'] };
const s3: Value = { kind: 'client', services: ['s3'] };

describe('ProgramState.endPass', () => {
  it('says nothing changed after a pass that wrote nothing', () => {
    expect(new ProgramState().endPass()).toBe(false);
  });

  it('sees a new global, and no change when the next pass writes the same again', () => {
    const state = new ProgramState();
    state.setGlobal('c', ec2);
    expect(state.endPass()).toBe(true);
    state.setGlobal('c', { kind: 'client', services: ['ec2'] });
    expect(state.endPass()).toBe(false);
  });

  it('compares a global with its value at the start of the pass, not with each write', () => {
    const state = new ProgramState();
    state.setGlobal('c', ec2);
    state.endPass();
    // `c = None` then `c = boto3.client('ec2')`: rewritten in every pass, but the same at its end.
    state.setGlobal('c', undefined);
    expect(state.global('c')).toBeUndefined();
    state.setGlobal('c', ec2);
    expect(state.endPass()).toBe(false);
    state.setGlobal('c', undefined);
    expect(state.endPass()).toBe(true);
  });

  it('joins parameters, return values and attributes, and sees when they grow', () => {
    const state = new ProgramState();
    state.bindParam('f', 'client', ec2);
    state.addReturn('f', ec2);
    state.setAttribute('Worker.client', ec2);
    expect(state.endPass()).toBe(true);
    state.bindParam('f', 'client', ec2);
    state.addReturn('f', ec2);
    state.setAttribute('Worker.client', ec2);
    state.setAttribute('Worker.client', undefined);
    expect(state.endPass()).toBe(false);

    state.bindParam('f', 'client', s3);
    expect(state.endPass()).toBe(true);
    expect(state.paramsOf('f')?.get('client')).toEqual({ kind: 'client', services: ['ec2', 's3'] });
    state.addReturn('f', s3);
    expect(state.endPass()).toBe(true);
    expect(state.returnOf('f')).toEqual({ kind: 'client', services: ['ec2', 's3'] });
    state.setAttribute('Worker.client', s3);
    expect(state.endPass()).toBe(true);
    expect(state.attribute('Worker.client')).toEqual({ kind: 'client', services: ['ec2', 's3'] });
  });

  it('records an argument it cannot follow as unknown', () => {
    const state = new ProgramState();
    state.bindParam('f', 'name', undefined);
    expect(state.paramsOf('f')?.get('name')).toEqual({ kind: 'unknown' });
    expect(state.endPass()).toBe(true);
    state.bindParam('f', 'name', { kind: 'strings', values: ['s3'] });
    expect(state.paramsOf('f')?.get('name')).toEqual({ kind: 'unknown' });
    expect(state.endPass()).toBe(false);
  });

  it("sees when a function's locals end a pass different from the pass before", () => {
    const state = new ProgramState();
    state.setLocals('f', new Map());
    expect(state.endPass()).toBe(true);
    state.setLocals('f', new Map());
    expect(state.endPass()).toBe(false);
    state.setLocals('f', new Map([['c', ec2]]));
    expect(state.endPass()).toBe(true);
    state.setLocals('f', new Map([['c', { kind: 'client', services: ['ec2'] }]]));
    expect(state.endPass()).toBe(false);
    expect(state.localsOf('f')?.get('c')).toEqual(ec2);
    state.setLocals('f', new Map([['d', ec2]]));
    expect(state.endPass()).toBe(true);
  });
});

describe('attributeKey', () => {
  it('stores attributes per class for instances and classes, else per object text', () => {
    expect(attributeKey({ kind: 'instance', cls: 'Worker' }, 'self', 'client')).toBe('Worker.client');
    expect(attributeKey({ kind: 'class', name: 'Worker' }, 'Worker', 'client')).toBe('Worker.client');
    expect(attributeKey(undefined, 'config', 'client')).toBe('~config.client');
    expect(attributeKey(ec2, 'clients', '[]')).toBe('~clients.[]');
  });
});
