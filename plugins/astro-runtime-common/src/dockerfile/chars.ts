/** Character classes of the Dockerfile reader and the shell-word expander. */

export function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 13;
}

export function isWhitespaceChar(ch: string): boolean {
  return (
    ch === ' ' ||
    ch === '\t' ||
    ch === '\n' ||
    ch === '\r' ||
    ch === '\v' ||
    ch === '\f' ||
    ch === '\u00a0' ||
    ch === '\u0085'
  );
}

export function isBlankCode(c: number): boolean {
  return c === 32 || c === 9;
}

export function isAlphaCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters a regular expression's `.` does not match. */
export function isLineTerminatorCode(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isNameCode(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95
  );
}

/** UTF-8 bytes of UTF-16 code unit `c`. */
export function utf8Units(c: number): number {
  if (c < 0x80) return 1;
  // A surrogate is half of a 4-byte character.
  if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) return 2;
  return 3;
}
