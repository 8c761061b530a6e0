/*
 * A new-frontend-system app: the standard plugins of a created app, then the
 * Astro Runtime plugin exactly as plugins/astro-runtime/README.md says (a test
 * compares the lines from `import { createApp }` on with the README).
 */
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { signInModule } from './signIn';
import { createApp } from '@backstage/frontend-defaults';
import astroRuntimePlugin from '@backstage-astro/plugin-astro-runtime/alpha';

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    orgPlugin,
    signInModule,
    astroRuntimePlugin,
  ],
});
