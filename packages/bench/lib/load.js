/*
 * Loads a workspace plugin's TypeScript sources (including modules its
 * package does not export) through @backstage/cli's node transform.
 */
'use strict';

const path = require('node:path');

require('@backstage/cli/config/nodeTransform.cjs');

/** The directory of a workspace package, e.g. `packageDir('...-backend')`. */
function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

const PLUGINS = {
  backend: '@backstage-astro/plugin-astro-runtime-backend',
  common: '@backstage-astro/plugin-astro-runtime-common',
  node: '@backstage-astro/plugin-astro-runtime-node',
};

/** `loadSource('common', 'index')` requires `<common>/src/index.ts`. */
function loadSource(plugin, entry) {
  return require(path.join(packageDir(PLUGINS[plugin]), 'src', `${entry}.ts`));
}

/** The `src` directory of a plugin. */
function sourceDir(plugin) {
  return path.join(packageDir(PLUGINS[plugin]), 'src');
}

module.exports = { loadSource, sourceDir, packageDir };
