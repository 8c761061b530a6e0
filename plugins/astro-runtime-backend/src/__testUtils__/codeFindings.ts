import type { CodeFinding } from '@backstage-astro/plugin-astro-runtime-common';

/** One finding in `dags/a.py`: a removal (blocking) or a suggested update (advice). */
export function codeFinding(severity: CodeFinding['severity']): CodeFinding {
  const blocking = severity === 'blocking';
  return {
    file: 'dags/a.py',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    rule: blocking ? 'AIR301' : 'AIR311',
    name: blocking ? 'airflow3-removal' : 'airflow3-suggested-update',
    message: blocking ? 'removed' : 'suggested update',
    help: null,
    severity,
    fix: null,
  };
}
