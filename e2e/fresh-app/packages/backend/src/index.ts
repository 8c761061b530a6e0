/*
 * The backend of a freshly created Backstage app, with the Astro Runtime
 * plugins added exactly as their READMEs' install sections say (a test
 * compares the blocks below with the READMEs).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// what a created app already has: auth (guest sign-in), catalog, permissions
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// plugins/scaffolder-backend-module-astro-runtime/README.md
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github')); // the PR step
backend.add(
  import('@backstage-astro/plugin-scaffolder-backend-module-astro-runtime'),
);

// plugins/tech-insights-backend-module-astro-runtime/README.md, which includes
// the line of plugins/astro-runtime-backend/README.md
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(import('@backstage-astro/plugin-astro-runtime-backend'));
backend.add(
  import('@backstage-astro/plugin-tech-insights-backend-module-astro-runtime'),
);

// plugins/astro-runtime-backend/README.md, "Push events": the events backend
// (HTTP ingress for webhooks, events.http.topics in app-config.yaml), its
// GitHub module and the astro-runtime events module
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-events-backend-module-github')); // and/or -gitlab
backend.add(
  import('@backstage-astro/plugin-astro-runtime-backend').then(
    m => m.astroRuntimeModuleEvents,
  ),
);

backend.start();
