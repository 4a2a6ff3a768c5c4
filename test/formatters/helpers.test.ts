import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/formatters/displayWidth.js';
import { normalizeRegion } from '../../src/formatters/normalizeRegion.js';
import { relativePath } from '../../src/formatters/relativePath.js';
import { terminalText } from '../../src/formatters/terminalText.js';

describe('relativePath', () => {
  it('makes paths inside cwd relative with forward slashes', () => {
    expect(relativePath('/repo', '/repo/a/b.yaml')).toBe('a/b.yaml');
    expect(relativePath('/repo/', '/repo/a.yaml')).toBe('a.yaml');
    expect(relativePath('/repo', './a/../b.yaml')).toBe('b.yaml');
  });

  it('keeps paths outside cwd absolute', () => {
    expect(relativePath('/repo', '/other/a.yaml')).toBe('/other/a.yaml');
    expect(relativePath('/repo', '/repository/a.yaml')).toBe('/repository/a.yaml');
  });
});

describe('normalizeRegion', () => {
  it('keeps a valid region', () => {
    expect(normalizeRegion({ startLine: 2, startColumn: 3, endLine: 4, endColumn: 1 })).toEqual({
      startLine: 2,
      startColumn: 3,
      endLine: 4,
      endColumn: 1,
    });
  });

  it('clamps, fills in and widens', () => {
    expect(normalizeRegion({ startLine: Number.NaN, startColumn: -1 })).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 2,
    });
    expect(normalizeRegion({ startLine: 9, startColumn: 5, endLine: 3, endColumn: 40 })).toEqual({
      startLine: 9,
      startColumn: 5,
      endLine: 9,
      endColumn: 6,
    });
  });
});

describe('terminalText', () => {
  it('flattens line breaks and shows control characters', () => {
    expect(terminalText('a\r\nb\nc\td\u0007e\u202eF  ')).toBe('a b c d\\u{7}e\\u{202e}F');
  });
});

describe('displayWidth', () => {
  it('counts wide characters twice and combining marks not at all', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('检查')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('Ü')).toBe(1);
  });
});
