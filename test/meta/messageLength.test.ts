import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A finding's message is one short line (what is wrong, where); the why and the fix live in the rule's page. The rule
 * fixtures pin every message a rule produces (test/rules/ruleFixtures.test.ts compares them with the rule's output),
 * so their expected findings are where a long message shows first.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const MAX_MESSAGE_LENGTH = 160;

/** Fixtures whose messages may be longer (none today: keep it so). */
const KNOWN_LONG = new Set<string>([]);

describe('rule messages', () => {
  it(`are at most ${MAX_MESSAGE_LENGTH} characters on every invalid rule fixture`, () => {
    const tooLong: string[] = [];
    const fixturesWithLongMessages = new Set<string>();
    let checked = 0;
    for (const rule of readdirSync(FIXTURES)) {
      const invalid = join(FIXTURES, rule, 'invalid');
      if (!existsSync(invalid)) continue;
      for (const name of readdirSync(invalid).filter((file) => file.endsWith('.expected.json'))) {
        const fixture = `${rule}/invalid/${name}`;
        const expected = JSON.parse(readFileSync(join(invalid, name), 'utf8')) as { message: string }[];
        for (const { message } of expected) {
          checked++;
          const length = [...message].length;
          if (length <= MAX_MESSAGE_LENGTH) continue;
          fixturesWithLongMessages.add(fixture);
          if (!KNOWN_LONG.has(fixture)) tooLong.push(`${fixture} (${length}): ${message}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(tooLong).toEqual([]);
    expect([...KNOWN_LONG].filter((fixture) => !fixturesWithLongMessages.has(fixture))).toEqual([]);
  });
});
