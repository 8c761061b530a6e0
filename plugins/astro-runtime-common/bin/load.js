/*
 * Loads this package's sources for the bin scripts: the TypeScript sources
 * through @backstage/cli's node transform (dev, in the monorepo), else the
 * built `dist/` output.
 */
'use strict';

const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');

function registerTypeScript() {
  try {
    const hook = require.resolve('@backstage/cli/config/nodeTransform.cjs', {
      paths: [root],
    });
    require(hook);
    return true;
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND') return false;
    if (e && /cli-node is required/.test(String(e.message))) return false;
    throw e;
  }
}

let registered;

/** `load('cli/index')` or `load('index')` */
function load(entry) {
  const src = path.join(root, 'src', `${entry}.ts`);
  if (fs.existsSync(src)) {
    if (registered === undefined) registered = registerTypeScript();
    if (registered) return require(src);
  }
  // `backstage-cli package build` names entry points after their export path
  // (`./cli` -> dist/cli.cjs.js); modules keep their path (dist/catalog.cjs.js).
  const candidates = [
    path.join(root, 'dist', `${entry.replace(/\/index$/, '')}.cjs.js`),
    path.join(root, 'dist', `${entry}.cjs.js`),
  ];
  for (const built of candidates) {
    if (fs.existsSync(built)) return require(built);
  }
  throw new Error(
    `cannot load ${entry}: neither the TypeScript sources (with @backstage/cli installed) nor ${candidates[0]} are available; run yarn install or yarn build`,
  );
}

module.exports = { load };
