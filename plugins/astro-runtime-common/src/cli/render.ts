/*
 * The text output of `astro-runtime-check`: pure functions from results to
 * lines.
 */
import {
  describeLifecycle,
  describeLine,
  describePath,
  describeRelation,
  describeState,
  describeSupport,
  describeUpdateKind,
  formatDaysLeft,
} from '../labels';
import type {
  Consideration,
  DatabaseMigration,
  ProviderDiff,
  RuntimeStatus,
  UpgradePath,
} from '../types';

/** `1 major`, `2 majors`. */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** Indents every line of a wrapped paragraph. */
function wrap(text: string, indent: string, width = 100): string[] {
  const words = String(text).replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + line.length + 1 + w.length > width) {
      lines.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** One consideration: severity, title, version crossed, then its detail. */
export function renderConsideration(c: Consideration, indent = '  '): string[] {
  return [
    `${indent}[${c.severity}] ${c.title}${c.version ? ` (${c.version})` : ''}`,
    ...wrap(c.detail, `${indent}    `),
  ];
}

/** "2 major, 5 minor, 3 patch, 1 added, 1 removed" (zero counts left out). */
export function providerCounts(diff: ProviderDiff): string {
  const kinds = ['major', 'minor', 'patch', 'added', 'removed'] as const;
  const parts = kinds
    .map(k => [k, diff.changes.filter(c => c.change === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

/** The provider changes of a path, one package a line. */
export function renderProviderDiff(
  diff: ProviderDiff,
  indent = '  ',
): string[] {
  if (!diff.known) {
    return [
      `${indent}Providers: unknown (the bundled provider reference lists Runtime 4.0.0 to 11.8.0 and a few Airflow 3 Runtimes, not ${diff.from} → ${diff.to})`,
    ];
  }
  const out = [
    `${indent}Providers (${diff.variant} image): ${providerCounts(diff)}`,
  ];
  for (const c of diff.changes) {
    let span = `${c.from} → ${c.to}`;
    if (c.change === 'added') span = `${c.to}`;
    if (c.change === 'removed') span = `${c.from}`;
    out.push(`${indent}  ${c.change.padEnd(7)} ${c.package} ${span}`);
  }
  return out;
}

function migrationText(m: DatabaseMigration): string {
  if (m === true) return 'yes (expect downtime on large databases)';
  if (m === false) return 'no';
  return 'unknown (the release data does not say)';
}

/** One upgrade path: heading, support, migration, considerations, providers. */
export function renderPath(path: UpgradePath): string[] {
  const head = describePath(path);
  const af = path.airflowVersion ? ` (Airflow ${path.airflowVersion})` : '';
  const out = [
    `  ${path.recommended ? '*' : '-'} ${head.label}: ${path.target}${af}${
      path.recommended ? '  [recommended]' : ''
    }`,
    `      Support:      ${describeSupport(path.lifecycle)}`,
  ];
  if (path.via)
    out.push(
      `      First:        upgrade to ${path.via} and deploy it (${path.blockedReason})`,
    );
  out.push(`      DB migration: ${migrationText(path.databaseMigration)}`);
  if (path.considerations.length) {
    out.push(
      `      Considerations (${plural(path.considerations.length, 'item')}):`,
    );
    for (const c of path.considerations)
      out.push(...renderConsideration(c, '        '));
  }
  out.push(...renderProviderDiff(path.providers, '      '));
  return out;
}

/** The summary of an assessed Dockerfile. */
export function renderSummary(file: string, status: RuntimeStatus): string {
  const out: string[] = [];
  const st = describeState(status.state);
  const d = status.decidedBy;
  let where = file;
  if (d) {
    where += ` (FROM on line ${d.fromLine}`;
    if (d.argName) where += `; tag from ARG ${d.argName} on line ${d.argLine}`;
    if (d.stages > 1)
      where += `; ${d.stages} stages${d.stage ? `, final "${d.stage}"` : ''}`;
    where += ')';
  }
  out.push(`Dockerfile:   ${where}`);
  if (status.image) out.push(`Image:        ${status.image.raw}`);
  const runtime = status.runtime;
  const isRuntime = !!runtime && runtime.line !== 'certified';
  if (runtime) {
    const af = status.release?.airflowVersion
      ? ` (Airflow ${status.release.airflowVersion})`
      : '';
    out.push(`Runtime:      ${runtime.version}${af}`);
    out.push(`Line:         ${describeLine(runtime.line).label}`);
  }
  out.push(`State:        ${st.label} [${status.severity}]`);
  if (status.error)
    out.push(`Error:        ${status.error.code}: ${status.error.message}`);
  if (isRuntime) {
    const latest = [
      status.latest && `${status.latest.version} overall`,
      status.latestInLine && `${status.latestInLine.version} in line`,
      status.latestPatch && `${status.latestPatch.version} latest patch`,
    ].filter(Boolean);
    if (latest.length) out.push(`Latest:       ${latest.join('; ')}`);
  }
  if (status.updateKind !== 'none' || status.recommendedTarget) {
    const behind =
      status.majorsBehind || status.minorsBehind
        ? ` (${plural(status.majorsBehind, 'major')}, ${plural(
            status.minorsBehind,
            'minor',
          )} behind)`
        : '';
    out.push(
      `Update:       ${describeUpdateKind(status.updateKind).label}${
        status.recommendedTarget
          ? `, recommended ${status.recommendedTarget}`
          : ''
      }${behind}`,
    );
  }
  if (isRuntime) {
    const lc = describeLifecycle(status.lifecycle);
    const days = status.lifecycle.daysToEndOfMaintenance;
    const exact = status.lifecycle.basis !== 'policy-lower-bound';
    out.push(
      `Lifecycle:    ${lc.label}${
        exact && days !== undefined && days >= 0
          ? ` (${formatDaysLeft(days)})`
          : ''
      }`,
    );
  }
  if (status.findings.length) {
    out.push('Findings:');
    for (const f of status.findings) out.push(`  [${f.severity}] ${f.message}`);
  }
  if (status.deployments.length) {
    out.push('Deployments:');
    for (const dep of status.deployments) {
      out.push(
        `  ${dep.name ?? dep.id}: ${dep.astroRuntimeVersion ?? '?'} (${
          describeRelation(dep.relation).label
        })`,
      );
    }
  }
  const paths = Array.isArray(status.paths) ? status.paths : [];
  if (paths.length) {
    out.push(`Paths (from ${runtime?.version}):`);
    for (const p of paths) out.push(...renderPath(p));
  }
  out.push(
    `Catalog:      ${status.catalog.source}, as of ${status.catalog.asOf}`,
  );
  return `${out.join('\n')}\n`;
}
