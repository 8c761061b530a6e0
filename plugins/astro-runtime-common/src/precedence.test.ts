import fs from 'node:fs';
import path from 'node:path';
import { describeState } from './labels';
import {
  STATE_PRECEDENCE,
  STATE_RULES,
  StateFacts,
  stateFor,
} from './precedence';

const none: StateFacts = {
  notAstro: false,
  certified: false,
  unknownVersion: false,
  downgradeBlocked: false,
  yanked: false,
  unsupported: false,
  updateKind: 'none',
};

describe('the state table', () => {
  it('the package README shows exactly this table', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '..', 'README.md'),
      'utf8',
    );
    const rows = readme
      .split('\n')
      .filter(l => /^\|\s*\d+\s*\|\s*`[a-z-]+`\s*\|/.test(l))
      .map(l =>
        l
          .split('|')
          .slice(1, -1)
          .map(c => c.trim()),
      );
    expect(rows).toEqual(
      STATE_RULES.map((r, i) => [
        String(i + 1),
        `\`${r.state}\``,
        r.description,
        describeState(r.state).severity,
      ]),
    );
  });

  it('first match wins, in table order', () => {
    expect(stateFor(none)).toBe('up-to-date');
    const all: StateFacts = {
      notAstro: true,
      certified: true,
      unknownVersion: true,
      downgradeBlocked: true,
      yanked: true,
      unsupported: true,
      updateKind: 'major',
    };
    expect(stateFor(all)).toBe('not-astro');
    expect(stateFor({ ...all, notAstro: false })).toBe('certified');
    expect(
      stateFor({
        ...none,
        yanked: true,
        unsupported: true,
        updateKind: 'major',
      }),
    ).toBe('yanked');
    expect(stateFor({ ...none, updateKind: 'line-change' })).toBe(
      'line-change-available',
    );
    expect(STATE_PRECEDENCE).toEqual(STATE_RULES.map(r => r.state));
    expect(new Set(STATE_PRECEDENCE).size).toBe(STATE_PRECEDENCE.length);
  });
});
