import { codeRule, compareRuleCodes } from './rules';
import type { CodeFinding, CodeFindings } from './types';

/**
 * Findings grouped by file, files in path order, findings in line order.
 *
 * @public
 */
export function groupFindingsByFile(
  findings: readonly CodeFinding[],
): Array<{ file: string; findings: CodeFinding[] }> {
  const groups = new Map<string, CodeFinding[]>();
  for (const f of findings) {
    const list = groups.get(f.file);
    if (list) list.push(f);
    else groups.set(f.file, [f]);
  }
  return [...groups.keys()]
    .sort((a, b) => (a < b ? -1 : Number(a > b)))
    .map(file => ({
      file,
      findings: groups
        .get(file)!
        .slice()
        .sort((a, b) => a.line - b.line || a.column - b.column),
    }));
}

/**
 * Rule totals in display order (blocking first), with their labels.
 *
 * @public
 */
export function ruleTotals(
  code: Pick<CodeFindings, 'totals'>,
): Array<{ rule: string; count: number; severity: string; title: string }> {
  return Object.keys(code.totals)
    .sort(compareRuleCodes)
    .map(rule => {
      const info = codeRule(rule);
      return {
        rule,
        count: code.totals[rule],
        severity: info?.severity ?? 'advice',
        title: info?.title ?? rule,
      };
    });
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One line that sums up the scan ("3 findings in 2 of 5 files: 2 blocking,
 * 1 advice; 2 can be fixed automatically").
 *
 * @public
 */
export function summarizeCodeFindings(code: CodeFindings): string {
  const files = new Set(code.findings.map(f => f.file)).size;
  const skipped = code.skipped.length
    ? `; ${plural(code.skipped.length, 'file')} skipped`
    : '';
  if (!code.findings.length) {
    return `no findings in ${plural(code.scanned.files, 'file')}${skipped}`;
  }
  return `${plural(code.findings.length, 'finding')} in ${files} of ${plural(
    code.scanned.files,
    'file',
  )}: ${code.blocking} blocking, ${code.advice} advice; ${
    code.fixable
  } can be fixed automatically${skipped}`;
}

/**
 * The findings as plain text, grouped by file (for the CLI).
 *
 * @public
 */
export function renderCodeFindingsText(code: CodeFindings): string {
  const out: string[] = [];
  out.push(
    `Code (${code.engine.name} ${
      code.engine.version
    }, Airflow 3 rules): ${summarizeCodeFindings(code)}`,
  );
  const totals = ruleTotals(code);
  if (totals.length) {
    out.push(
      `  ${totals
        .map(t => `${t.rule} ×${t.count} (${t.severity})`)
        .join(', ')}`,
    );
  }
  for (const group of groupFindingsByFile(code.findings)) {
    out.push(`${group.file}:`);
    for (const f of group.findings) {
      let fix = '';
      if (f.fix?.applicability === 'safe') fix = ' [fixable]';
      else if (f.fix) fix = ' [unsafe fix]';
      out.push(`  ${f.line}:${f.column} ${f.rule}${fix} ${f.message}`);
      if (f.help && f.help !== f.message) out.push(`      ${f.help}`);
    }
  }
  for (const s of code.skipped) {
    out.push(
      `skipped ${s.file} (${
        s.reason === 'too-large'
          ? `${s.bytes} bytes, too large`
          : 'too many files'
      })`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** Escapes text for inline Markdown (no HTML, no links, no mentions). */
function md(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\*_[\]<>|#~!])/g, '\\$1')
    .replace(/@/g, '@\u200b');
}

/** Markdown for a ruff message: its backtick spans stay code, the rest is escaped. */
function mdMessage(text: string): string {
  return text
    .split(/(`[^`\r\n]*`)/)
    .map(part =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? part
        : md(part),
    )
    .join('');
}

function codeSpan(text: string): string {
  const s = text.replace(/[\r\n]+/g, ' ');
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

/** @public */
export interface CodeChecklistOptions {
  /** A URL for a finding's file and line (e.g. in the SCM); omitted when undefined. */
  link?: (finding: CodeFinding) => string | undefined;
  /** At most this many items; the rest are counted in a last line. Default 200. */
  limit?: number;
}

/**
 * The findings as a Markdown checklist for a pull request body, blocking
 * ones first: `- [ ] dags/etl.py:12 AIR301 message`.
 *
 * @public
 */
export function renderCodeChecklist(
  findings: readonly CodeFinding[],
  options: CodeChecklistOptions = {},
): string {
  const limit = options.limit ?? 200;
  const sorted = findings.slice().sort((a, b) => {
    const s =
      (a.severity === 'blocking' ? 0 : 1) - (b.severity === 'blocking' ? 0 : 1);
    if (s) return s;
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return a.line - b.line || a.column - b.column;
  });
  const lines: string[] = [];
  for (const f of sorted.slice(0, limit)) {
    const where = codeSpan(`${f.file}:${f.line}`);
    const url = options.link?.(f);
    const located =
      url && /^https?:\/\//i.test(url)
        ? `[${where}](${url.replace(/[()\s]/g, c => encodeURIComponent(c))})`
        : where;
    const tag = f.severity === 'blocking' ? ' (blocking)' : '';
    lines.push(`- [ ] ${located} ${f.rule}${tag}: ${mdMessage(f.message)}`);
  }
  if (sorted.length > limit) {
    lines.push(`- … and ${sorted.length - limit} more`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
