/*
 * The plain data the whole product speaks. Every package (backend, card,
 * scaffolder action, tech-insights retriever, CLI) uses these types and the
 * pure functions of this package; nothing here does I/O.
 */
export * from './imageTypes';
export * from './releaseTypes';
export * from './statusTypes';
