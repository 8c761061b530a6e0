export interface Config {
  astroRuntime?: {
    /** Where the frozen requirements of a Runtime are published (used by astro:runtime:upgrade to pin providers). */
    providerPins?: {
      /**
       * URL template with the placeholders `{tag}` (bare Runtime version),
       * `{python}` (X.Y) and `{airflow}`, e.g.
       * https://cdn.astronomer.io/runtime-freeze/runtime-{tag}-python-{python}.txt
       * The file is read through the backend's UrlReader: its host must be
       * covered by an integration or listed in `backend.reading.allow`.
       */
      urlTemplate?: string;
    };
    /**
     * For demos and end-to-end tests only: the astro-runtime plugins' clock
     * starts at this time (ISO 8601, e.g. `2026-12-02T09:00:00Z`) when the
     * backend starts and runs on from there; astro:runtime:upgrade judges the
     * upgrade paths in the pull request body at that clock. Omit in
     * production.
     */
    clock?: {
      startAt?: string;
    };
    /** The scaffolder actions of the astro-runtime plugin set. */
    scaffolder?: {
      /**
       * Let astro:runtime:locate-project copy the Dockerfile and
       * requirements.txt of entities registered from local `file:` catalog
       * locations into the workspace (demo and local development; such
       * entities have no repository to fetch). This reads the backend host's
       * disk (only inside the folder of the catalog location that registered
       * the entity), so it is off unless set to true.
       */
      allowLocalSources?: boolean;
    };
  };
}
