// e2e/fresh-app is installed the way an adopter installs the plugins:
// - the install sections of the plugin READMEs and of docs/install.md,
//   optional subsections included (legacy frontend ones aside), are exactly
//   the code the fresh app runs (so the two cannot drift);
// - it imports nothing from this repository's workspace: no relative import
//   leaves its folder, no workspace:/link:/portal: dependency, no workspace
//   path, and its lockfile names no registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const app = path.join(root, 'e2e/fresh-app');

/**
 * Fenced code blocks of a markdown section (from a heading matching `heading`
 * to the next heading of the same or a higher level), with the `###`
 * subsection each block is in.
 */
export function sectionBlocks(markdown, heading) {
  const lines = markdown.split('\n');
  const blocks = [];
  let level = 0;
  let inSection = false;
  let sub = '';
  let fence;
  for (const line of lines) {
    if (fence) {
      if (line.startsWith('```')) {
        blocks.push(fence);
        fence = undefined;
      } else fence.code.push(line);
      continue;
    }
    const h = /^(#+)\s+(.*)$/.exec(line);
    if (h) {
      const l = h[1].length;
      if (inSection && l <= level) inSection = false;
      if (!inSection && heading.test(h[2])) {
        inSection = true;
        level = l;
        sub = '';
        continue;
      }
      if (inSection) sub = h[2];
      continue;
    }
    const f = /^```(\S*)(.*)$/.exec(line);
    if (f && inSection) {
      fence = { lang: f[1], info: f[2].trim(), code: [], subsection: sub };
    }
  }
  return blocks;
}

/** The file a snippet is for: its first-line `// path` comment or its title. */
export function snippetTarget(block) {
  const title = /title="([^"]+)"/.exec(block.info);
  if (title) return { file: title[1], code: block.code };
  const first = /^\/\/\s*(packages\/\S+?\.(?:ts|tsx))\b/.exec(
    block.code[0] ?? '',
  );
  if (first) return { file: first[1], code: block.code.slice(1) };
  return { file: undefined, code: block.code };
}

/** Code without formatting: no whitespace, no trailing commas. */
const normalize = s => s.replace(/\s+/g, '').replace(/,([)\]}])/g, '$1');

/**
 * True when `snippet` appears in `source`, line breaks and trailing commas
 * aside; a snippet line `// ...` (optionally followed by words) stands for any
 * code.
 */
export function containsSnippet(source, snippet) {
  const segments = [[]];
  for (const line of snippet) {
    if (/^\s*\/\/\s*\.\.\./.test(line) || /^\s*\{\/\*\s*\.\.\./.test(line)) {
      segments.push([]);
    } else segments[segments.length - 1].push(line);
  }
  const src = normalize(source);
  let from = 0;
  for (const seg of segments) {
    const s = normalize(seg.join('\n'));
    if (!s) continue;
    const at = src.indexOf(s, from);
    if (at < 0) return false;
    from = at + s.length;
  }
  return true;
}

function installDocs() {
  const docs = readdirSync(path.join(root, 'plugins'))
    .map(d => path.join('plugins', d, 'README.md'))
    .filter(f => existsSync(path.join(root, f)))
    .map(f => ({ file: f, heading: /^Install(ation)?\b/ }));
  docs.push({ file: 'docs/install.md', heading: /^[1-6]\.\s/ });
  return docs;
}

test('every code snippet of the install sections is code the fresh app runs', () => {
  let checked = 0;
  for (const doc of installDocs()) {
    const md = readFileSync(path.join(root, doc.file), 'utf8');
    for (const block of sectionBlocks(md, doc.heading)) {
      // the fresh app is on the new frontend system; it installs the
      // optional extras too (a subsection titled "... (optional)"), so that
      // their snippets are proven by an install as well
      if (/legacy/i.test(block.subsection)) continue;
      if (!['ts', 'tsx', 'sh'].includes(block.lang)) continue;
      if (block.lang === 'sh') {
        for (const line of block.code) {
          const add = /^yarn --cwd (packages\/[\w-]+) add (.+)$/.exec(
            line.trim(),
          );
          if (!add) continue;
          const pkg = JSON.parse(
            readFileSync(path.join(app, add[1], 'package.json'), 'utf8'),
          );
          for (const name of add[2].split(/\s+/)) {
            assert.ok(
              pkg.dependencies?.[name],
              `${
                doc.file
              }: \`${line.trim()}\`: ${name} is a dependency of e2e/fresh-app/${
                add[1]
              }`,
            );
            checked++;
          }
        }
        continue;
      }
      let { file, code } = snippetTarget(block);
      const text = code.join('\n');
      if (!file && /\bbackend\.add\(/.test(text)) {
        file = 'packages/backend/src/index.ts';
      }
      if (!file && /\bcreateApp\(/.test(text))
        file = 'packages/app/src/App.tsx';
      if (!file) continue; // e.g. a module of your own: not part of an install
      if (/legacy|EntityPage|components\/Root/i.test(file)) continue;
      const target = path.join(app, file);
      assert.ok(
        existsSync(target),
        `${doc.file}: the snippet for ${file} has a counterpart in e2e/fresh-app`,
      );
      assert.ok(
        containsSnippet(readFileSync(target, 'utf8'), code),
        `${doc.file}: this snippet for ${file} is not what e2e/fresh-app/${file} runs:\n${text}`,
      );
      checked++;
    }
  }
  assert.ok(checked >= 8, `install snippets checked: ${checked}`);
});

test('the snippet matcher finds drift', () => {
  const source =
    "backend.add(\n  import('a'),\n);\nbackend.add(import('b'));\n";
  assert.ok(containsSnippet(source, ["backend.add(import('a'));"]));
  assert.ok(
    containsSnippet(source, [
      "backend.add(import('a'));",
      '// ...',
      "backend.add(import('b'));",
    ]),
  );
  assert.ok(!containsSnippet(source, ["backend.add(import('c'));"]));
  assert.ok(
    !containsSnippet(source, [
      "backend.add(import('b'));",
      "backend.add(import('a'));",
    ]),
  );
});

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'packs', 'dist', 'dist-types', '.yarn'].includes(name))
      continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

test('the fresh app imports nothing from the workspace', () => {
  const files = walk(app);
  const sources = files.filter(f => /\.(m?[jt]sx?|cjs)$/.test(f));
  assert.ok(sources.length >= 4, 'the fresh app has sources');
  for (const file of sources) {
    const code = readFileSync(file, 'utf8');
    const specifiers = [
      ...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
      ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
      ...code.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
      ...code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ].map(m => m[1]);
    for (const s of specifiers) {
      const rel = path.relative(app, file);
      assert.ok(!path.isAbsolute(s), `${rel}: absolute import ${s}`);
      if (s.startsWith('.')) {
        const resolved = path.resolve(path.dirname(file), s);
        assert.ok(
          resolved.startsWith(`${app}${path.sep}`),
          `${rel}: ${s} leaves e2e/fresh-app`,
        );
      } else {
        assert.ok(
          !/(^|\/)(plugins|packages)\/|\/src\//.test(s),
          `${rel}: ${s} is a path into a workspace`,
        );
      }
    }
  }
  for (const file of files.filter(f => f.endsWith('package.json'))) {
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const rel = path.relative(app, file);
    for (const field of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'resolutions',
    ]) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        assert.ok(
          !/^(workspace|link|portal):/.test(range),
          `${rel}: ${field}.${name} is ${range}`,
        );
        if (range.startsWith('file:')) {
          const target = path.resolve(
            path.dirname(file),
            range.slice('file:'.length),
          );
          assert.ok(
            target.startsWith(path.join(app, 'packs') + path.sep),
            `${rel}: ${field}.${name} (${range}) is a tarball in e2e/fresh-app/packs/`,
          );
        }
      }
    }
  }
  const tsconfig = readFileSync(path.join(app, 'tsconfig.json'), 'utf8');
  assert.doesNotMatch(
    tsconfig,
    /\.\.\//,
    'tsconfig.json stays in e2e/fresh-app',
  );
});

test('the fresh app is its own Yarn project, not a workspace member', () => {
  const rootPkg = JSON.parse(
    readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  for (const glob of rootPkg.workspaces) {
    const base = glob.replace(/\/\*$/, '');
    assert.ok(
      !'e2e/fresh-app/'.startsWith(`${base}/`) && base !== 'e2e',
      `root workspace glob ${glob} does not reach e2e/fresh-app`,
    );
  }
  assert.ok(existsSync(path.join(app, 'yarn.lock')), 'its own yarn.lock');
  const pkg = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8'));
  assert.equal(pkg.packageManager, rootPkg.packageManager);
});

test("the fresh app's lockfile and Yarn config name no registry and no workspace path", () => {
  for (const f of ['yarn.lock', '.yarnrc.yml']) {
    const text = readFileSync(path.join(app, f), 'utf8');
    assert.doesNotMatch(text, /https?:\/\//, `${f} names no URL`);
    assert.doesNotMatch(text, /npmRegistryServer/, `${f} sets no registry`);
    assert.doesNotMatch(
      text,
      /\.\.\/\.\.\/(plugins|packages)\//,
      `${f}: no workspace path`,
    );
  }
  const lock = readFileSync(path.join(app, 'yarn.lock'), 'utf8');
  const workspaces = [
    ...lock.matchAll(/resolution: "([^"]+)@workspace:([^"]*)"/g),
  ].map(m => m[2]);
  assert.deepEqual(
    workspaces.sort(),
    ['.', 'packages/app', 'packages/backend'],
    'the only workspaces are the fresh app and its two packages',
  );
});

test("test:packed's lockfile check ignores only the plugin tarballs' entries", async () => {
  const { thirdPartyEntries, diffEntries } = await import('../test-packed.mjs');
  const lock = (hash, semver) => `__metadata:
  version: 8

"@backstage-astro/plugin-astro-runtime-common@file:./packs/plugin-astro-runtime-common.tgz::locator=a%40workspace%3A.":
  version: 0.1.0
  resolution: "@backstage-astro/plugin-astro-runtime-common@file:./packs/plugin-astro-runtime-common.tgz#./packs/plugin-astro-runtime-common.tgz::hash=${hash}&locator=a%40workspace%3A."
  dependencies:
    semver: "npm:^7.6.0"
  checksum: 10c0/${hash}

"semver@npm:^7.6.0":
  version: ${semver}
  resolution: "semver@npm:${semver}"
  checksum: 10c0/abc
`;
  const committed = thirdPartyEntries(lock('aaa', '7.6.0'));
  assert.deepEqual(
    diffEntries(committed, thirdPartyEntries(lock('bbb', '7.6.0'))),
    [],
  );
  assert.deepEqual(
    diffEntries(committed, thirdPartyEntries(lock('aaa', '7.7.0'))),
    ['~ semver@npm:^7.6.0'],
  );
});
