import { describe, expect, it } from 'vitest';
import { formatReport, formatterNames, formatters } from '../../src/formatters/index.js';
import { github } from '../../src/formatters/github.js';
import { json } from '../../src/formatters/json.js';
import { sarif } from '../../src/formatters/sarif.js';
import { stylish } from '../../src/formatters/stylish.js';
import { sampleContext, sampleReport } from './sampleReport.js';

describe('formatters', () => {
  it('registers the four formats by name', () => {
    expect(formatterNames).toEqual(['stylish', 'json', 'sarif', 'github']);
    expect(formatters).toEqual({ stylish, json, sarif, github });
  });

  it('formats a report with the named formatter', () => {
    for (const name of formatterNames) {
      expect(formatReport(name, sampleReport(), sampleContext())).toBe(
        formatters[name](sampleReport(), sampleContext()),
      );
    }
  });

  it('is pure: the same input gives the same output and the report is not changed', () => {
    const report = sampleReport();
    const before = structuredClone(report);
    for (const name of formatterNames) {
      expect(formatReport(name, report, sampleContext())).toBe(formatReport(name, report, sampleContext()));
    }
    expect(report).toEqual(before);
  });

  it('ends every output with exactly one newline', () => {
    for (const name of formatterNames) {
      const text = formatReport(name, sampleReport(), sampleContext());
      expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
    }
  });
});
