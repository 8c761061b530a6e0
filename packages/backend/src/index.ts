/*
 * The demo backend: catalog, scaffolder (+ GitHub and GitLab publishers),
 * tech-insights and the astro-runtime plugin set, on SQLite by default
 * (PostgreSQL through app-config.production.yaml).
 */
import { createBackend } from '@backstage/backend-defaults';
import { astroRuntimeModuleEvents } from '@backstage-astro/plugin-astro-runtime-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for local use
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// permissions (allow-all for the demo; the astro-runtime routes still check
// entity visibility through the catalog with the caller's credentials)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// events: HTTP ingress for SCM webhooks (events.http.topics); the demo's
// local publisher (scripts/demo-push.mjs) posts GitHub-shaped pushes to it
backend.add(import('@backstage/plugin-events-backend'));

// astro-runtime: upgrade status of the Astro projects in the catalog; its
// events module reassesses the entities a push touched at once
backend.add(import('@backstage-astro/plugin-astro-runtime-backend'));
backend.add(astroRuntimeModuleEvents);

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(
  import('@backstage-astro/plugin-scaffolder-backend-module-astro-runtime'),
);

// tech insights
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@backstage-astro/plugin-tech-insights-backend-module-astro-runtime'),
);

backend.start();
