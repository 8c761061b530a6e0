/*
 * Loads a workspace plugin's TypeScript sources (including modules its
 * package does not export) through @backstage/cli's node transform.
 */
'use strict';

const path = require('node:path');

require('@backstage/cli/config/nodeTransform.cjs');

/** The package.json of each plugin (literal names, so tools see the dependency). */
const PLUGINS = {
  backend: () =>
    require.resolve(
      '@backstage-astro/plugin-astro-runtime-backend/package.json',
    ),
  common: () =>
    require.resolve(
      '@backstage-astro/plugin-astro-runtime-common/package.json',
    ),
  node: () =>
    require.resolve('@backstage-astro/plugin-astro-runtime-node/package.json'),
};

/** The directory of a plugin: `packageDir('backend')`. */
function packageDir(plugin) {
  return path.dirname(PLUGINS[plugin]());
}

/** `loadSource('common', 'index')` requires `<common>/src/index.ts`. */
function loadSource(plugin, entry) {
  return require(path.join(packageDir(plugin), 'src', `${entry}.ts`));
}

/** The `src` directory of a plugin. */
function sourceDir(plugin) {
  return path.join(packageDir(plugin), 'src');
}

module.exports = { loadSource, sourceDir, packageDir };
