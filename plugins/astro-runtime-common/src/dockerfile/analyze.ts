/*
 * From a scanned Dockerfile to its result: the final stage's image, its
 * Astro Runtime tag, and the spans of the text an edit would change.
 */
import { AstroRuntimeError } from '../errors';
import { parseRuntimeTag, isAstroRuntimeRepository } from '../tag';
import type {
  DockerfileBase,
  ImageReference,
  RuntimeTag,
  TextSpan,
} from '../types';
import { parseImageReference } from '../reference';
import type { ArgDef } from './model';
import { lineOfOffset, mapRange, originAt, type LogicalLine } from './origins';
import { scanDockerfile } from './scan';
import { resolveFinalStage } from './stages';

/** Internal result with everything an edit needs. */
export interface DockerfileAnalysis {
  base: DockerfileBase;
  /** Where each character of the expanded image reference came from (-1 = nowhere, e.g. a quote). */
  imageOrigins: number[];
  /** The expanded image reference. */
  imageText: string;
  text: string;
}

function unrecognizedLine(
  kind: 'runtime' | 'certified',
  repoPath: string,
): RuntimeTag['line'] {
  if (kind === 'certified') return 'certified';
  return repoPath === 'astrocrpublic.azurecr.io/runtime' ||
    repoPath.endsWith('/astrocrpublic.azurecr.io/runtime')
    ? 'airflow3'
    : 'airflow2';
}

/**
 * Reads a Dockerfile and reports what the final build stage is based on.
 * Throws `AstroRuntimeError` (NO_FROM, UNRESOLVED_ARG, BINARY_INPUT,
 * TOO_LARGE, INVALID_REFERENCE, INVALID_DOCKERFILE); a base that is not Astro
 * is a result (`kind: 'not-astro'`), not an error.
 *
 * @public
 */
export function parseDockerfile(text: string): DockerfileBase {
  return analyzeDockerfile(text).base;
}

/** `parseDockerfile` plus the character origins an edit needs (internal). */
export function analyzeDockerfile(input: string): DockerfileAnalysis {
  const scan = scanDockerfile(input);
  const { text, argDefs, froms } = scan;

  if (froms.length === 0) {
    throw new AstroRuntimeError(
      'NO_FROM',
      'The Dockerfile has no FROM instruction',
    );
  }

  const finalStage = froms[froms.length - 1].stage;
  const { from: current, expanded } = resolveFinalStage(scan);
  let image: ImageReference;
  try {
    image = parseImageReference(expanded.value);
  } catch (e) {
    throw new AstroRuntimeError(
      'INVALID_REFERENCE',
      `line ${current.instruction.line}: ${(e as Error).message}`,
      { line: current.instruction.line },
    );
  }
  const fi = current.instruction;
  // The FROM and the ARG instructions, whose lines are known.
  const anchors: LogicalLine[] = [fi];
  for (const a of argDefs) {
    if (a.instruction !== anchors[anchors.length - 1])
      anchors.push(a.instruction);
  }
  const span = (range: [number, number]): TextSpan => ({
    line: lineOfOffset(text, range[0], anchors),
    start: range[0],
    end: range[1],
  });
  const from: TextSpan = { line: fi.line, start: fi.start, end: fi.end };
  const kind = isAstroRuntimeRepository(image);
  if (!kind) {
    return {
      base: { kind: 'not-astro', image, from, stages: froms.length },
      imageOrigins: expanded.origins,
      imageText: expanded.value,
      text,
    };
  }

  // Positions inside the expanded reference.
  const value = expanded.value;
  const at = value.indexOf('@');
  const nameEnd =
    (at === -1 ? value.length : at) -
    (image.tag !== undefined ? image.tag.length + 1 : 0);
  const tagStart = image.tag !== undefined ? nameEnd + 1 : nameEnd;
  const tagEnd = at === -1 ? value.length : at;
  const repoPath = image.registry
    ? `${image.registry}/${image.repository}`
    : image.repository;
  let runtime: RuntimeTag | undefined =
    image.tag !== undefined ? parseRuntimeTag(image.tag, repoPath) : undefined;
  if (!runtime) {
    const tag = image.tag ?? '';
    runtime = {
      raw: tag,
      line: unrecognizedLine(kind, repoPath),
      version: tag === '' ? 'latest' : tag,
      prerelease: false,
      floating: tag === '' || tag === 'latest',
      variants: [],
      unrecognized: true,
    };
  }
  const versionLen =
    image.tag !== undefined && !runtime.unrecognized
      ? runtime.version.length
      : image.tag?.length ?? 0;
  const versionRange = mapRange(
    expanded.origins,
    tagStart,
    tagStart + versionLen,
  );
  const tagRange = mapRange(expanded.origins, tagStart, tagEnd) ?? versionRange;
  const nameRange = mapRange(expanded.origins, 0, nameEnd);
  const digestRange =
    at === -1 ? undefined : mapRange(expanded.origins, at, value.length);

  const base: DockerfileBase & { kind: 'astro' } = {
    kind: 'astro',
    image,
    runtime,
    from,
    tagSpan: tagRange
      ? span(tagRange)
      : { line: fi.line, start: fi.start, end: fi.start },
    stages: froms.length,
  };
  if (versionRange) base.versionSpan = span(versionRange);
  if (nameRange) base.nameSpan = span(nameRange);
  if (digestRange) base.digestSpan = span(digestRange);
  if (finalStage !== undefined) base.stage = finalStage;
  const argAnchor = versionRange ?? tagRange;
  if (argAnchor) {
    // The last ARG whose raw value (quotes included) holds the anchor.
    let def: ArgDef | undefined;
    for (let k = argDefs.length - 1; k >= 0 && !def; k--) {
      const a = argDefs[k];
      const valueStart = originAt(a.instruction, a.vs);
      const valueEnd =
        a.ve > a.vs ? originAt(a.instruction, a.ve - 1) + 1 : valueStart;
      if (
        argAnchor[0] >= valueStart &&
        argAnchor[0] < Math.max(valueEnd, valueStart + 1)
      )
        def = a;
    }
    if (def) {
      base.arg = {
        name: def.name,
        line: def.instruction.line,
        start: def.instruction.start,
        end: def.instruction.end,
      };
    }
  }
  return { base, imageOrigins: expanded.origins, imageText: value, text };
}
