/*
 * One pass over a Dockerfile: directives, then every instruction, keeping
 * the FROMs and the global ARG definitions.
 */
import { checkTextInput } from '../util';
import type { TextSpan } from '../types';
import { makeArgValueChecker, parseArg } from './args';
import { MAX_DOCKERFILE_BYTES } from './limits';
import { hasHeredocMarker, heredocsOf, keywordOf } from './match';
import type { Scan } from './model';
import { lineText } from './origins';
import {
  readDirectives,
  readInstruction,
  Reader,
  skipHeredocs,
} from './reader';
import { parseFrom } from './stages';

export function scanDockerfile(input: string): Scan {
  const text = checkTextInput(input, 'Dockerfile', MAX_DOCKERFILE_BYTES);
  const r = new Reader(text);
  readDirectives(r);
  const scan: Scan = {
    text,
    escape: r.escape,
    argDefs: [],
    froms: [],
  };
  const { froms } = scan;
  const checkValue = makeArgValueChecker(r.escape);
  for (;;) {
    const l = readInstruction(r);
    if (!l) break;
    const [kw, after] = keywordOf(text, l);
    if (kw === '') continue;
    if (kw === 'from') {
      froms.push(parseFrom(text, l, after, r.escape, froms.length));
    } else if (kw === 'arg') {
      if (froms.length === 0) parseArg(text, l, after, scan, checkValue);
    } else if (hasHeredocMarker(text, l)) {
      skipHeredocs(r, heredocsOf(lineText(text, l)));
    }
  }
  return scan;
}

/**
 * Every FROM instruction of a Dockerfile, unexpanded: the image word as
 * written, the stage name (lowercase) and the instruction's span. Throws like
 * `parseDockerfile` for binary / too large / malformed input, but not NO_FROM.
 *
 * @public
 */
export function listDockerfileStages(
  text: string,
): Array<{ image: string; stage?: string; from: TextSpan }> {
  return scanDockerfile(text).froms.map(f => {
    const item: { image: string; stage?: string; from: TextSpan } = {
      image: f.word,
      from: {
        line: f.instruction.line,
        start: f.instruction.start,
        end: f.instruction.end,
      },
    };
    if (f.stage !== undefined) item.stage = f.stage;
    return item;
  });
}
