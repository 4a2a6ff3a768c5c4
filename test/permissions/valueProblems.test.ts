import { describe, expect, it } from 'vitest';
import type { InputValue } from '../../src/permissions/inputValue.js';
import { fitsAutomationType, misspeltEnumValue } from '../../src/permissions/valueProblems.js';

const literal = (kind: InputValue['kind'], value?: string | number | boolean): InputValue =>
  value === undefined ? { kind } : { kind, literal: value };
const reference = (kind: InputValue['kind'], items?: InputValue['kind']): InputValue => ({
  kind,
  ...(items ? { items } : {}),
  reference: { expression: 'X', typeName: 'String parameter' },
});

describe('fitsAutomationType', () => {
  it('takes literals of the input shape only', () => {
    expect(fitsAutomationType(literal('list'), 'StringList')).toBe(true);
    expect(fitsAutomationType(literal('string', 'i-1'), 'StringList')).toBe(false);
    expect(fitsAutomationType(literal('map'), 'String')).toBe(false);
    expect(fitsAutomationType(literal('string', '5'), 'Integer')).toBe(true);
    expect(fitsAutomationType(literal('string', 'five'), 'Integer')).toBe(false);
    expect(fitsAutomationType(literal('string', 'True'), 'Boolean')).toBe(true);
    expect(fitsAutomationType({ kind: 'list', items: 'string' }, 'MapList')).toBe(false);
    expect(fitsAutomationType({ kind: 'list', items: 'map' }, 'MapList')).toBe(true);
  });

  it('takes references of a type Automation converts (String → StringList, one-element lists → scalars)', () => {
    expect(fitsAutomationType(reference('string'), 'StringList')).toBe(true);
    expect(fitsAutomationType(reference('list', 'string'), 'String')).toBe(true);
    expect(fitsAutomationType(reference('string'), 'Integer')).toBe(true);
    expect(fitsAutomationType(reference('map'), 'String')).toBe(false);
    expect(fitsAutomationType(reference('string'), 'StringMap')).toBe(false);
    expect(fitsAutomationType(reference('list', 'string'), 'MapList')).toBe(false);
  });

  it('does not judge values of unknown kind or inputs of any type', () => {
    expect(fitsAutomationType({ kind: 'unknown' }, 'StringList')).toBe(true);
    expect(fitsAutomationType(literal('map'), 'Any')).toBe(true);
  });
});

describe('misspeltEnumValue', () => {
  const states = ['pending', 'running', 'stopped'];
  it('finds the value a near miss or another case stands for', () => {
    expect(misspeltEnumValue('runing', states)).toBe('running');
    expect(misspeltEnumValue('Stopped', states)).toBe('stopped');
  });

  it('leaves valid values, far values (maybe newer than the model) and very long enums alone', () => {
    expect(misspeltEnumValue('running', states)).toBeUndefined();
    expect(misspeltEnumValue('hibernated', states)).toBeUndefined();
    const long = Array.from({ length: 101 }, (_, i) => `t${i}.large`);
    expect(misspeltEnumValue('t1000.large', long)).toBeUndefined();
  });
});
