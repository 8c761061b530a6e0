export interface Config {
  astroRuntime?: {
    /** The tech-insights fact retriever of the astro-runtime plugin set. */
    techInsights?: {
      /**
       * Let `astroRuntimeFactRetriever` hand Astro Runtime facts to
       * tech-insights. tech-insights serves every stored fact to every
       * signed-in user without catalog permission checks, so facts (and the
       * entity refs they are stored under) of entities that a permission
       * policy hides become readable by everyone. When unset: true if the
       * permission framework is off (`permission.enabled` not true), false if
       * it is on. Set it true when every user may see every Astro project.
       */
      exposeFacts?: boolean;
    };
  };
}
