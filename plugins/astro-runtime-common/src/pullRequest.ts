import { describePath, describeSupport } from './labels';
import { runtimeVersionKey } from './tag';
import type { Consideration, UpgradePath } from './types';

/** @public */
export interface UpgradePullRequestInput {
  from: string;
  to: string;
  considerations: Consideration[];
  deploymentNames?: string[];
  /** Optional notes from `upgradeDockerfile` (digest dropped, image switched ...). */
  notes?: string[];
  /**
   * Provider packages the change pins in requirements.txt (`pinProviders`'
   * `added`, with their versions): the body then says that requirements.txt
   * changes too and lists them.
   */
  pinnedProviders?: Array<{ name: string; version: string }>;
  /** Where those pins were written, relative to the repository (default `requirements.txt`). */
  requirementsPath?: string;
  /**
   * The project's upgrade paths (`RuntimeStatus.paths`): the body then lists
   * them, with the recommended one and the one this pull request takes.
   */
  paths?: UpgradePath[];
}

const SEVERITY_MARK: Record<string, string> = {
  error: '🛑',
  warning: '⚠️',
  info: 'ℹ️',
};

/** Escapes text for inline Markdown (no HTML, no link injection). */
function md(text: unknown): string {
  return String(text ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** Inline code that survives backticks in the value. */
function code(text: unknown): string {
  const s = String(text ?? '').replace(/[\r\n]+/g, ' ');
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${s}${
    fence.length > 1 ? ' ' : ''
  }${fence}`;
}

/** Percent-encodes one character; `encodeURIComponent` keeps `(` and `)`, which end a Markdown link. */
function percentEncode(ch: string): string {
  if (ch === '(' || ch === ')') return `%${ch.charCodeAt(0).toString(16)}`;
  return encodeURIComponent(ch);
}

/**
 * The considerations for an upgrade path as Markdown (the body of the
 * "Considerations for this upgrade" section of {@link renderUpgradePullRequest},
 * without its heading): one bullet per consideration with its severity mark,
 * title, version crossed, detail and docs link; a sentence when there are none.
 *
 * @public
 */
export function renderConsiderationsMarkdown(
  considerations: Consideration[],
): string {
  const items = Array.isArray(considerations)
    ? considerations.filter(Boolean)
    : [];
  if (items.length === 0) {
    return 'No known breaking changes between these versions.';
  }
  return items
    .map(c => {
      const mark = SEVERITY_MARK[c.severity] ?? '';
      const link =
        c.docUrl && /^https?:\/\//.test(c.docUrl)
          ? ` ([docs](${c.docUrl.replace(/[()\s]/g, percentEncode)}))`
          : '';
      const version = c.version ? ` (${code(c.version)})` : '';
      return `- ${mark} **${md(c.title)}**${version}: ${String(
        c.detail ?? '',
      ).replace(/[\r\n]+/g, ' ')}${link}`;
    })
    .join('\n');
}

/**
 * The title and Markdown body of an upgrade pull request: what changes (the
 * Dockerfile's version, and the provider pins added to requirements.txt), the
 * considerations for the path, how to test locally (`astro dev upgrade-test`,
 * `astro dev restart`), how to deploy (`astro deploy`) and the no-downgrade
 * warning.
 *
 * @public
 */
export function renderUpgradePullRequest(input: UpgradePullRequestInput): {
  title: string;
  body: string;
} {
  const from = String(input?.from ?? '');
  const to = String(input?.to ?? '');
  const deployments = Array.isArray(input?.deploymentNames)
    ? input.deploymentNames.filter(Boolean)
    : [];
  const pins = (
    Array.isArray(input?.pinnedProviders) ? input.pinnedProviders : []
  ).filter(
    p => p && typeof p.name === 'string' && typeof p.version === 'string',
  );
  const requirements = input?.requirementsPath || 'requirements.txt';
  const af3 =
    runtimeVersionKey(to)?.line === 'airflow3' &&
    runtimeVersionKey(from)?.line !== 'airflow3';
  const title = `Upgrade Astro Runtime from ${from} to ${to}`;
  const lines: string[] = [];
  lines.push(
    `This pull request upgrades the Astro Runtime base image from ${code(
      from,
    )} to ${code(to)}${af3 ? ' (Airflow 3)' : ''}.`,
  );
  if (pins.length === 0) {
    lines.push('Only the version in the Dockerfile changes.');
  } else {
    lines.push(
      `The version in the Dockerfile changes, and ${code(requirements)} pins ${
        pins.length
      } provider package${pins.length === 1 ? '' : 's'} of Runtime ${code(
        from,
      )} (see "Provider pins").`,
    );
  }
  for (const n of Array.isArray(input?.notes) ? input.notes : [])
    lines.push(`- ${md(n)}`);
  lines.push('');
  if (pins.length > 0) {
    lines.push('## Provider pins');
    lines.push('');
    lines.push(
      `Pinned in ${code(
        requirements,
      )} at the versions preinstalled in Runtime ${code(
        from,
      )}, so the upgrade does not change them. Upgrade and test them one by one afterwards.`,
    );
    lines.push('');
    for (const p of pins) lines.push(`- ${code(`${p.name}==${p.version}`)}`);
    lines.push('');
  }
  const paths = (Array.isArray(input?.paths) ? input.paths : []).filter(
    p => p && typeof p.target === 'string',
  );
  if (paths.length > 1) {
    lines.push('## Upgrade paths');
    lines.push('');
    for (const p of paths) {
      const marks = [
        p.recommended ? 'recommended' : '',
        p.target === to || p.via === to ? 'this pull request' : '',
      ].filter(Boolean);
      lines.push(
        `- **${md(describePath(p).label)}: ${md(p.target)}**${
          marks.length ? ` (${marks.join(', ')})` : ''
        }: ${md(describeSupport(p.lifecycle))}${
          p.via ? `; upgrade to ${code(p.via)} and deploy it first` : ''
        }`,
      );
    }
    lines.push('');
  }
  lines.push('## Considerations for this upgrade');
  lines.push('');
  lines.push(renderConsiderationsMarkdown(input?.considerations));
  lines.push('');
  lines.push('## Test locally');
  lines.push('');
  lines.push('```sh');
  lines.push(
    `# on the default branch: compare dependencies, test DAG imports${
      af3 ? ' and lint for Airflow 3 (ruff AIR30)' : ''
    }`,
  );
  lines.push(`astro dev upgrade-test --runtime-version ${to}`);
  lines.push(
    '# on this branch: rebuild and run the project, check that every DAG loads',
  );
  lines.push('astro dev restart');
  lines.push('```');
  lines.push('');
  lines.push('## Deploy');
  lines.push('');
  if (deployments.length) {
    lines.push(
      'After merging, deploy to each Deployment that runs this project:',
    );
    lines.push('');
    for (const d of deployments) lines.push(`- ${md(d)}`);
    lines.push('');
  }
  lines.push('```sh');
  lines.push('astro deploy');
  lines.push('```');
  lines.push('');
  lines.push(
    `> ⚠️ **No way back.** Once a Deployment runs ${code(
      to,
    )}, a deploy with an older image is refused ("Cannot deploy a downgraded Astro Runtime version"). Test before you deploy.`,
  );
  return { title, body: `${lines.join('\n')}\n` };
}
