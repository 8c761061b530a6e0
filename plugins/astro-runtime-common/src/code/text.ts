/*
 * Python source bytes <-> text, byte-exact: a file decoded here and encoded
 * again gives back the same bytes, so a fix changes only what its edits
 * change (line endings, the encoding declaration, a BOM and the trailing
 * newline stay as they were).
 */
import type { LintPosition } from './types';

/**
 * The encodings the scan decodes. Python reads UTF-8 unless the file
 * declares another encoding on its first or second line (PEP 263).
 *
 * @public
 */
export type SourceEncoding = 'utf-8' | 'latin-1' | 'ascii';

/** @public */
export type DecodedSource =
  | { ok: true; text: string; encoding: SourceEncoding; bom: boolean }
  | { ok: false; reason: string; line: number };

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const CODING_RE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

const ENCODING_ALIASES: Record<string, SourceEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8',
  u8: 'utf-8',
  'latin-1': 'latin-1',
  latin1: 'latin-1',
  'iso-8859-1': 'latin-1',
  'iso8859-1': 'latin-1',
  'iso-latin-1': 'latin-1',
  l1: 'latin-1',
  ascii: 'ascii',
  'us-ascii': 'ascii',
};

/** The first two lines of the bytes, as ASCII-ish text (for the declaration). */
function headLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < bytes.length && i < 1024 && lines.length < 2; i++) {
    const b = bytes[i];
    if (b === 0x0a || b === 0x0d) {
      lines.push(line);
      line = '';
      if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
    } else {
      line += b < 0x80 ? String.fromCharCode(b) : '\ufffd';
    }
  }
  if (lines.length < 2 && line) lines.push(line);
  return lines;
}

/**
 * The encoding a Python source declares (`# -*- coding: latin-1 -*-` on
 * line 1 or 2), lower-cased, or undefined.
 *
 * @public
 */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
  const lines = headLines(bytes);
  for (let i = 0; i < lines.length; i++) {
    const m = CODING_RE.exec(lines[i]);
    if (m) return m[1].toLowerCase();
    // The declaration counts on line 2 only when line 1 is a comment or blank.
    if (!/^[ \t\f]*(#.*)?$/.test(lines[i])) break;
  }
  return undefined;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) line++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) line++;
  }
  return line;
}

/** Index of the first byte that is not valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let n = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    if (i + n >= bytes.length) return i;
    let cp = b & (0xff >> (n + 2));
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

let utf8Decoder: TextDecoder | undefined;

/** Strict UTF-8 (throws on invalid input); the BOM is the caller's. */
function decodeUtf8(bytes: Uint8Array): string {
  utf8Decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  return utf8Decoder.decode(bytes);
}

/**
 * Decodes a Python source. Undecodable input (not valid UTF-8, or bytes the
 * declared encoding cannot hold, or an encoding the scan does not know with
 * non-ASCII bytes) comes back as `ok: false` with the reason and line.
 *
 * @public
 */
export function decodePythonSource(bytes: Uint8Array): DecodedSource {
  const bom =
    bytes.length >= 3 &&
    bytes[0] === UTF8_BOM[0] &&
    bytes[1] === UTF8_BOM[1] &&
    bytes[2] === UTF8_BOM[2];
  const body = bom ? bytes.subarray(3) : bytes;
  const declared = declaredEncoding(body);
  const known = declared === undefined ? 'utf-8' : ENCODING_ALIASES[declared];
  if (bom && known !== 'utf-8') {
    return {
      ok: false,
      reason: `the file starts with a UTF-8 byte order mark but declares encoding "${declared}"`,
      line: 1,
    };
  }
  if (known === undefined) {
    if (isAscii(body))
      return { ok: true, text: latin1(body), encoding: 'ascii', bom };
    return {
      ok: false,
      reason: `the file declares encoding "${declared}", which the scan cannot decode (it reads UTF-8, Latin-1 and ASCII)`,
      line: 1,
    };
  }
  if (known === 'latin-1') {
    return { ok: true, text: latin1(body), encoding: 'latin-1', bom };
  }
  if (known === 'ascii') {
    const i = body.findIndex(b => b > 0x7f);
    if (i >= 0) {
      return {
        ok: false,
        reason: `byte 0x${body[i].toString(
          16,
        )} is not ASCII, the encoding the file declares`,
        line: lineOfByte(body, i),
      };
    }
    return { ok: true, text: latin1(body), encoding: 'ascii', bom };
  }
  let text: string | undefined;
  try {
    text = decodeUtf8(body);
  } catch {
    // invalid UTF-8: where (the strict decoder does not say)
  }
  if (text !== undefined) {
    return { ok: true, text, encoding: 'utf-8', bom };
  }
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    return {
      ok: false,
      reason: `byte 0x${body[bad].toString(
        16,
      )} is not valid UTF-8 (declare the file's encoding on its first line, e.g. "# -*- coding: latin-1 -*-")`,
      line: lineOfByte(body, bad),
    };
  }
  // the strict decoder and the check above disagree: still undecodable
  return { ok: false, reason: 'the file is not valid UTF-8', line: 1 };
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

/**
 * Encodes text back the way `decodePythonSource` decoded it; undefined when
 * the text holds a character the encoding cannot (the caller keeps the file).
 *
 * @public
 */
export function encodePythonSource(
  text: string,
  encoding: SourceEncoding,
  bom: boolean,
): Uint8Array | undefined {
  let body: Uint8Array;
  if (encoding === 'utf-8') {
    body = new TextEncoder().encode(text);
  } else {
    const max = encoding === 'ascii' ? 0x7f : 0xff;
    body = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > max) return undefined;
      body[i] = c;
    }
  }
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set(UTF8_BOM, 0);
  out.set(body, 3);
  return out;
}

/**
 * Offsets (UTF-16 indices) where each line starts; lines end at `\r\n`, `\n` or `\r`.
 *
 * @public
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') === -1) {
    // only `\n` ends lines: jump from one to the next (a native search)
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      starts.push(i + 1);
    }
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * The string offset of a position, or undefined when it is outside the text.
 *
 * @public
 */
export function offsetOf(
  text: string,
  starts: readonly number[],
  pos: LintPosition,
): number | undefined {
  if (!Number.isInteger(pos.row) || !Number.isInteger(pos.column)) {
    return undefined;
  }
  if (pos.row < 1 || pos.column < 1) return undefined;
  if (pos.row > starts.length) return undefined;
  const offset = starts[pos.row - 1] + pos.column - 1;
  const lineEnd = pos.row < starts.length ? starts[pos.row] : text.length;
  return offset <= lineEnd ? offset : undefined;
}

/**
 * The 1-based column in code points of a UTF-16 column on a row.
 *
 * @public
 */
export function codePointColumn(
  text: string,
  starts: readonly number[],
  pos: LintPosition,
): number {
  const start = starts[pos.row - 1];
  if (start === undefined) return pos.column;
  let column = 1;
  const end = start + pos.column - 1;
  for (let i = start; i < end && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    column++;
  }
  return column;
}
