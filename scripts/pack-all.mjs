#!/usr/bin/env node
// `yarn pack:all`: what `npm publish` would ship of each publishable plugin, as
// tarballs in dist-packs/ (gitignored).
//
//   1. `tsc` (the declarations in dist-types/ that the build bundles; skipped
//      with --skip-tsc when the caller has just run it);
//   2. `backstage-cli repo build`: dist/ of every plugin (cjs/esm + types);
//   3. `backstage-cli repo fix --publish --check`: the publish metadata
//      (backstage.pluginPackage(s)) that `backstage-cli package prepack`
//      refuses to pack without;
//   4. `backstage-cli build-workspace dist-packs/.stage <plugins>`: the same
//      rewrite as `backstage-cli package prepack` (main/types/exports pointed
//      at dist/, publishConfig applied, config.d.ts compiled into
//      config.schema.json, the `files` selection), written to a staging copy
//      instead of in place: prepack rewrites package.json in the working tree
//      until postpack restores it, and other processes reading the tree
//      meanwhile would see the rewrite;
//   5. `workspace:` ranges replaced by the version they point at, exactly as
//      `yarn pack` does (`workspace:^` -> `^0.1.0`, `workspace:*` -> `0.1.0`);
//   6. `npm pack --ignore-scripts` of the staged copy (the prepack already ran)
//      into dist-packs/<name>-<version>.tgz.
//
// Writes dist-packs/manifest.json: [{ name, version, dir, tarball }].
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skipTsc = args.includes('--skip-tsc');
const skipBuild = args.includes('--skip-build');
const outDir = path.resolve(root, 'dist-packs');
const stageDir = path.join(outDir, '.stage');
const bin = name => path.join(root, 'node_modules/.bin', name);

function sh(cmd, cmdArgs, opts = {}) {
  const started = Date.now();
  const res = spawnSync(cmd, cmdArgs, {
    stdio: opts.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    ...opts,
  });
  if (res.status !== 0) {
    const out = opts.capture ? `\n${res.stdout}\n${res.stderr}` : '';
    throw new Error(
      `${path.basename(cmd)} ${cmdArgs.join(' ')} failed (exit ${
        res.status
      }) in ${opts.cwd ?? root}${out}`,
    );
  }
  return { ...res, seconds: (Date.now() - started) / 1000 };
}

/** The plugins that are published: plugins/* without "private": true. */
export function publishablePlugins() {
  return readdirSync(path.join(root, 'plugins'))
    .map(dir => path.join(root, 'plugins', dir))
    .filter(dir => existsSync(path.join(dir, 'package.json')))
    .map(dir => ({
      dir,
      pkg: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => !pkg.private)
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/** `workspace:` ranges as `yarn pack` publishes them. */
export function replaceWorkspaceRanges(pkg, versions) {
  const out = { ...pkg };
  for (const field of [
    'dependencies',
    'devDependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    if (!pkg[field]) continue;
    out[field] = Object.fromEntries(
      Object.entries(pkg[field]).map(([name, range]) => {
        if (typeof range !== 'string' || !range.startsWith('workspace:')) {
          return [name, range];
        }
        const version = versions.get(name);
        if (!version) {
          throw new Error(
            `${pkg.name}: ${field}.${name} is ${range} but ${name} is not a workspace package`,
          );
        }
        const spec = range.slice('workspace:'.length);
        if (spec === '^' || spec === '~') return [name, `${spec}${version}`];
        if (spec === '*' || spec.startsWith('.') || spec.startsWith('/'))
          return [name, version];
        return [name, spec];
      }),
    );
  }
  return out;
}

function main() {
  const timings = {};
  const plugins = publishablePlugins();
  const versions = new Map(plugins.map(p => [p.pkg.name, p.pkg.version]));
  if (!skipTsc) {
    console.log('pack: tsc (declarations for the build)');
    timings.tsc = sh(bin('tsc'), [], { cwd: root }).seconds;
  }
  if (!skipBuild) {
    console.log('pack: backstage-cli repo build (every plugin)');
    timings.build = sh(bin('backstage-cli'), ['repo', 'build'], {
      cwd: root,
    }).seconds;
  }
  // the publish metadata `backstage-cli package prepack` refuses to pack without
  console.log('pack: backstage-cli repo fix --publish --check');
  sh(bin('backstage-cli'), ['repo', 'fix', '--publish', '--check'], {
    cwd: root,
  });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const packStarted = Date.now();
  for (const { dir, pkg } of plugins) {
    if (!existsSync(path.join(dir, 'dist'))) {
      throw new Error(`${pkg.name}: no dist/ in ${dir}; the build did not run`);
    }
  }
  // prepack of every plugin into the staging folder, in one process
  console.log(
    'pack: backstage-cli build-workspace (prepack into a staging copy)',
  );
  sh(
    bin('backstage-cli'),
    ['build-workspace', stageDir, ...plugins.map(p => p.pkg.name)],
    { cwd: root },
  );
  const manifest = [];
  for (const { dir, pkg } of plugins) {
    const staged = path.join(stageDir, path.relative(root, dir));
    const prepared = JSON.parse(
      readFileSync(path.join(staged, 'package.json'), 'utf8'),
    );
    writeFileSync(
      path.join(staged, 'package.json'),
      `${JSON.stringify(
        replaceWorkspaceRanges(prepared, versions),
        null,
        2,
      )}\n`,
    );
    const res = sh(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', outDir],
      { cwd: staged, capture: true },
    );
    const [info] = JSON.parse(res.stdout);
    manifest.push({
      name: pkg.name,
      version: pkg.version,
      dir: path.relative(root, dir),
      tarball: info.filename,
      files: info.files.map(f => f.path).sort(),
    });
    console.log(
      `pack: ${info.filename} (${info.files.length} files, ${Math.round(
        info.size / 1024,
      )} kB)`,
    );
  }
  timings.pack = (Date.now() - packStarted) / 1000;
  rmSync(stageDir, { recursive: true, force: true });
  writeFileSync(
    path.join(outDir, 'manifest.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  console.log(
    `pack: ${manifest.length} tarballs in ${path.relative(
      root,
      outDir,
    )}/ (${Object.entries(timings)
      .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
      .join(', ')})`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`pack: ${e.message}`);
    process.exit(1);
  }
}
