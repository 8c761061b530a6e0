import { AstroRuntimeError, requireString } from './errors';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** UTF-8 byte length without allocating (isomorphic). */
function utf8Length(text: string, limit: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
    if (bytes > limit) return bytes;
  }
  return bytes;
}

/** Validates size and binary content; shared with other text inputs. */
export function checkTextInput(
  text: unknown,
  what: string,
  maxBytes: number,
): string {
  requireString(text, what);
  const s = text as string;
  if (
    s.length > maxBytes ||
    (s.length * 3 > maxBytes && utf8Length(s, maxBytes) > maxBytes)
  ) {
    throw new AstroRuntimeError(
      'TOO_LARGE',
      `${what} is larger than ${Math.round(maxBytes / 1024)} KiB`,
    );
  }
  if (s.indexOf('\u0000') !== -1) {
    throw new AstroRuntimeError(
      'BINARY_INPUT',
      `${what} contains NUL bytes: it looks like a binary file`,
    );
  }
  return s;
}

/** `text` cut to at most `max` characters (an ellipsis marks the cut), for showing input in messages. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
