/**
 * Whether a body read as a Dockerfile can be one: text (no NUL bytes), not
 * markup (an HTML login or error page answering 200), and with a `FROM`
 * instruction at the start of a line. Linear time on any input.
 */
export function looksLikeDockerfile(text: string): boolean {
  if (text.includes('\0')) {
    return false;
  }
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) {
    return false;
  }
  return /^[ \t]*from[ \t]/im.test(text);
}
