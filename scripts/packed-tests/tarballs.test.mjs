// What each tarball of `yarn pack:all` holds, read from the tarballs
// themselves (dist-packs/*.tgz), plus the two entry points an adopter uses
// without Backstage: -common's library and its CLI, run from an unpacked copy.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const packs = path.join(root, 'dist-packs');
const manifestPath = path.join(packs, 'manifest.json');

let manifest;
/** files of a tarball, as `tar -tzf` lists them (without the package/ prefix) */
const listing = {};
const pkgJson = {};

function tarball(name) {
  const entry = manifest.find(m => m.name === name);
  assert.ok(entry, `${name} was packed (dist-packs/manifest.json)`);
  return entry;
}

before(() => {
  assert.ok(
    existsSync(manifestPath),
    'dist-packs/manifest.json exists: run `yarn pack:all` first',
  );
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const m of manifest) {
    const file = path.join(packs, m.tarball);
    const res = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    listing[m.name] = res.stdout
      .split('\n')
      .filter(Boolean)
      .map(f => f.replace(/^package\//, ''));
    pkgJson[m.name] = JSON.parse(
      spawnSync('tar', ['-xOzf', file, 'package/package.json'], {
        encoding: 'utf8',
      }).stdout,
    );
  }
});

test('every publishable plugin is packed', () => {
  const plugins = spawnSync('ls', [path.join(root, 'plugins')], {
    encoding: 'utf8',
  })
    .stdout.split('\n')
    .filter(Boolean)
    .map(d =>
      JSON.parse(
        readFileSync(path.join(root, 'plugins', d, 'package.json'), 'utf8'),
      ),
    )
    .filter(p => !p.private)
    .map(p => p.name)
    .sort();
  assert.deepEqual(manifest.map(m => m.name).sort(), plugins);
});

test('no tarball ships sources, tests or workspace ranges', () => {
  for (const m of manifest) {
    const files = listing[m.name];
    assert.ok(!files.some(f => f.startsWith('src/')), `${m.name}: no src/`);
    assert.ok(
      !files.some(f => /\.test\.[jt]sx?$/.test(f)),
      `${m.name}: no test files`,
    );
    const pkg = pkgJson[m.name];
    for (const field of ['dependencies', 'peerDependencies']) {
      for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
        assert.ok(
          !/^(workspace|link|portal|file):/.test(range),
          `${m.name}: ${field}.${dep} is ${range}`,
        );
      }
    }
    // every entry point the package.json names is in the tarball
    const targets = [pkg.main, pkg.module, pkg.types]
      .concat(
        Object.values(pkg.exports ?? {}).flatMap(e =>
          typeof e === 'string' ? [e] : Object.values(e),
        ),
      )
      .filter(t => typeof t === 'string' && t.startsWith('./dist'));
    for (const t of targets) {
      assert.ok(
        files.includes(t.replace(/^\.\//, '')),
        `${m.name}: ${t} (named in package.json) is in the tarball`,
      );
    }
  }
});

test('the backend tarball has its migrations and its config schema', () => {
  const name = '@backstage-astro/plugin-astro-runtime-backend';
  const files = listing[name];
  const source = spawnSync(
    'ls',
    [path.join(root, 'plugins/astro-runtime-backend/migrations')],
    { encoding: 'utf8' },
  )
    .stdout.split('\n')
    .filter(f => f.endsWith('.js'));
  assert.ok(source.length > 0, 'the backend has migrations');
  for (const f of source) {
    assert.ok(files.includes(`migrations/${f}`), `migrations/${f} is packed`);
  }
  // prepack compiles config.d.ts into config.schema.json (what Backstage reads
  // from an installed package); the schema must declare the plugin's keys
  assert.equal(pkgJson[name].configSchema, 'config.schema.json');
  assert.ok(files.includes('config.schema.json'));
  const schema = JSON.parse(
    spawnSync(
      'tar',
      [
        '-xOzf',
        path.join(packs, tarball(name).tarball),
        'package/config.schema.json',
      ],
      { encoding: 'utf8' },
    ).stdout,
  );
  assert.ok(
    schema.properties?.astroRuntime,
    'config.schema.json declares astroRuntime',
  );
  assert.equal(
    pkgJson[name].backstage.features['.'],
    '@backstage/BackendFeature',
  );
});

test('the backend modules are backend features; a config.d.ts in the source is shipped as config.schema.json', () => {
  for (const [name, dir] of [
    [
      '@backstage-astro/plugin-scaffolder-backend-module-astro-runtime',
      'scaffolder-backend-module-astro-runtime',
    ],
    [
      '@backstage-astro/plugin-tech-insights-backend-module-astro-runtime',
      'tech-insights-backend-module-astro-runtime',
    ],
  ]) {
    assert.equal(
      pkgJson[name].backstage.features?.['.'],
      '@backstage/BackendFeature',
      `${name}: default export detected as a backend feature`,
    );
    const src = JSON.parse(
      readFileSync(path.join(root, 'plugins', dir, 'package.json'), 'utf8'),
    );
    if (src.configSchema) {
      assert.ok(
        listing[name].includes('config.schema.json'),
        `${name}: config.schema.json`,
      );
    }
  }
});

test('the frontend tarball has the /alpha entry point (a new-frontend-system plugin)', () => {
  const name = '@backstage-astro/plugin-astro-runtime';
  const pkg = pkgJson[name];
  assert.ok(pkg.exports['./alpha'], 'exports ./alpha');
  assert.equal(pkg.exports['./alpha'].backstage, '@backstage/FrontendPlugin');
  assert.ok(listing[name].includes('dist/alpha.esm.js'));
  assert.ok(listing[name].includes('dist/alpha.d.ts'));
  assert.deepEqual(pkg.typesVersions?.['*']?.alpha, ['dist/alpha.d.ts']);
});

test('every file a dist/ module loads from its own package at run time is in the tarball (migrations, the -node worker entry)', () => {
  let found = 0;
  for (const m of manifest) {
    const files = listing[m.name];
    const file = path.join(packs, m.tarball);
    for (const f of files.filter(
      x => x.startsWith('dist/') && /\.c?js$/.test(x),
    )) {
      const code = spawnSync('tar', ['-xOzf', file, `package/${f}`], {
        encoding: 'utf8',
      }).stdout;
      // relative to the module: new URL('./x', import.meta.url),
      // require.resolve('./x'), path.join(__dirname, 'x')
      const relative = [
        ...code.matchAll(
          /(?:require\.resolve|new URL)\(\s*['"](\.{1,2}\/[^'"]+)['"]/g,
        ),
        ...code.matchAll(
          /path\.(?:join|resolve)\(\s*__dirname\s*,\s*['"]([^'"]+)['"]/g,
        ),
      ].map(x =>
        path.posix.normalize(path.posix.join(path.posix.dirname(f), x[1])),
      );
      // relative to the package: resolvePackagePath('<this package>', 'a', 'b')
      const fromPackage = [
        ...code.matchAll(
          /resolvePackagePath\(\s*['"]([^'"]+)['"]((?:\s*,\s*['"][^'"]+['"])+)\s*,?\s*\)/g,
        ),
      ]
        .filter(x => x[1] === m.name)
        .map(x =>
          path.posix.normalize(
            [...x[2].matchAll(/['"]([^'"]+)['"]/g)].map(y => y[1]).join('/'),
          ),
        );
      for (const target of [...relative, ...fromPackage]) {
        found++;
        assert.ok(
          [target, `${target}.js`, `${target}.cjs.js`].some(
            c => files.includes(c) || files.some(x => x.startsWith(`${c}/`)),
          ),
          `${m.name}: ${f} loads ${target}, which is not in the tarball`,
        );
      }
    }
    const srcPkg = JSON.parse(
      readFileSync(path.join(root, m.dir, 'package.json'), 'utf8'),
    );
    for (const entry of srcPkg.files ?? []) {
      if (entry === 'config.d.ts') continue; // shipped as config.schema.json
      assert.ok(
        files.some(
          x => x === entry || x.startsWith(`${entry.replace(/\/$/, '')}/`),
        ),
        `${m.name}: its files entry ${entry} is in the tarball`,
      );
    }
  }
  assert.ok(found > 0, 'run-time file references were found and checked');
});

test('-common: the bundled release data and the astro-runtime-check CLI work from the unpacked tarball', () => {
  const name = '@backstage-astro/plugin-astro-runtime-common';
  const files = listing[name];
  assert.ok(files.includes(pkgJson[name].bin['astro-runtime-check']));
  // unpack under the repo, so its dependencies (semver, ...) resolve from the
  // workspace's node_modules; no src/ in the tarball, so dist/ is what runs
  const dir = path.join(packs, '.unpacked', 'common');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const x = spawnSync(
    'tar',
    [
      '-xzf',
      path.join(packs, tarball(name).tarball),
      '-C',
      dir,
      '--strip-components=1',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(x.status, 0, x.stderr);
  const common = createRequire(path.join(dir, 'package.json'))('./');
  const catalog = common.getBundledCatalog();
  assert.ok(
    catalog.releases.length > 20,
    `the bundled release catalog (${catalog.releases.length} releases)`,
  );
  assert.ok(
    catalog.releases.some(r => r.version === '13.1.0'),
    'the bundled catalog has 13.1.0',
  );
  const cli = spawnSync(
    process.execPath,
    [
      path.join(dir, pkgJson[name].bin['astro-runtime-check']),
      path.join(root, 'examples/projects/crm-sync'),
      '--json',
      // the code scan loads -node by name, which from here would resolve to
      // the workspace's TypeScript sources; test:packed runs the full CLI in
      // the fresh app, where -node is the packed one
      '--no-code',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(JSON.parse(cli.stdout).runtime.version, '12.6.0');
  rmSync(path.join(packs, '.unpacked'), { recursive: true, force: true });
});
