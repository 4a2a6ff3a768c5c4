import type { Config } from './config.js';
import type { SeverityOf } from './lintRunbook.js';

/** The severity of each rule under the config's `rules:` settings. */
export function severitiesOf(config: Pick<Config, 'rules'>): SeverityOf {
  return (ruleId, fallback) => {
    const setting = config.rules[ruleId];
    if (setting === 'off') return undefined;
    return setting ?? fallback;
  };
}
