/** What one pass over a Dockerfile records (see `scanDockerfile`). */
import type { LogicalLine } from './origins';

export interface ArgDef {
  name: string;
  instruction: LogicalLine;
  /** The raw value: [vs, ve) of the instruction's joined text. */
  vs: number;
  ve: number;
}

export interface FromDef {
  instruction: LogicalLine;
  /** The image word as written: [wa, wb) of the instruction's joined text. */
  word: string;
  wa: number;
  wb: number;
  stage?: string;
  /** 0-based index among FROMs. */
  index: number;
}

export interface Scan {
  text: string;
  escape: string;
  /** The global ARG definitions (with a value), in order. */
  argDefs: ArgDef[];
  froms: FromDef[];
}
