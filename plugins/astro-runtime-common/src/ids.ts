/*
 * Identifiers other packages must agree on: the one place they are spelled.
 */

/**
 * The plugin id of the astro-runtime backend (its discovery key and the
 * `/api/astro-runtime` route).
 *
 * @public
 */
export const ASTRO_RUNTIME_PLUGIN_ID = 'astro-runtime';

/**
 * The id of the tech-insights fact retriever of the Astro Runtime facts (the
 * key under `techInsights.factRetrievers`, and the fact id the checks read).
 *
 * @public
 */
export const ASTRO_RUNTIME_FACT_RETRIEVER_ID = 'astroRuntimeFactRetriever';
