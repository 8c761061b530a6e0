/*
 * A small, hand-written Dockerfile reader that finds the image the final
 * build stage is based on, the way BuildKit's parser
 * (moby/buildkit frontend/dockerfile/parser + shell/lex.go) reads it, and
 * remembers where every character of that image reference came from in the
 * original text, so an edit can change exactly those bytes.
 *
 * Why not `dockerfile-ast`: see the package README ("Parser decision").
 *
 * The pipeline, one concept per file:
 * - reader.ts: physical lines, parser directives, continuations, heredocs;
 * - match.ts: directive, keyword and word matching within one instruction;
 * - origins.ts: joined-text positions back to offsets in the original text;
 * - expand.ts: shell word expansion (BuildKit shell/lex.go) with its limits;
 * - args.ts: global ARG definitions and their lazy expansion;
 * - stages.ts: FROM instructions and stage alias resolution;
 * - scan.ts: the one pass over the file; analyze.ts: the result and spans.
 */
export {
  MAX_DOCKERFILE_BYTES,
  MAX_EXPANDED_ARG_BYTES,
  MAX_SUBSTITUTION_DEPTH,
} from './limits';
export { matchDirective } from './match';
export { listDockerfileStages } from './scan';
export {
  analyzeDockerfile,
  parseDockerfile,
  type DockerfileAnalysis,
} from './analyze';
