/*
 * One way to read an untrusted body: chunk by chunk, stopping (and cancelling
 * the source) as soon as the byte cap is passed. Nothing is buffered whole
 * before its size is known, so a chunked 100 MB answer costs at most
 * `maxBytes` of memory.
 */
import { Readable } from 'node:stream';

/**
 * Thrown when a body is larger than its cap.
 *
 * @public
 */
export class BodyTooLargeError extends Error {
  readonly code = 'TOO_LARGE';
  readonly maxBytes: number;
  constructor(what: string, maxBytes: number) {
    super(`${what} is larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/**
 * What {@link readCapped} reads: a fetch `Response`, a web `ReadableStream`,
 * a Node readable, a Buffer or a string.
 *
 * @public
 */
export type CappedSource =
  | Response
  | ReadableStream<Uint8Array>
  | NodeJS.ReadableStream
  | Buffer
  | Uint8Array
  | string;

/** @public */
export interface ReadCappedOptions {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** What is read, for the error message ("Dockerfile of component:default/x"). */
  what: string;
}

function isResponse(source: unknown): source is Response {
  return (
    typeof source === 'object' &&
    source !== null &&
    'arrayBuffer' in source &&
    'headers' in source &&
    'status' in source
  );
}

function isWebStream(source: unknown): source is ReadableStream<Uint8Array> {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as ReadableStream).getReader === 'function'
  );
}

async function readWebStream(
  stream: ReadableStream<Uint8Array>,
  options: ReadCappedOptions,
): Promise<Buffer> {
  const reader = stream.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        // not awaited: on a teed or cloned body cancel() settles only when
        // every branch is cancelled
        reader.cancel().catch(() => undefined);
        throw new BodyTooLargeError(options.what, options.maxBytes);
      }
      chunks.push(
        Buffer.from(value.buffer, value.byteOffset, value.byteLength),
      );
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, total);
}

async function readNodeStream(
  stream: NodeJS.ReadableStream,
  options: ReadCappedOptions,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const readable =
    stream instanceof Readable ? stream : Readable.from(stream as any);
  try {
    for await (const chunk of readable) {
      const buf =
        typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
      total += buf.byteLength;
      if (total > options.maxBytes) {
        throw new BodyTooLargeError(options.what, options.maxBytes);
      }
      chunks.push(buf);
    }
  } finally {
    readable.destroy();
  }
  return Buffer.concat(chunks, total);
}

/**
 * Reads a body into a Buffer, failing with {@link BodyTooLargeError} as soon
 * as more than `maxBytes` arrived (a `content-length` above the cap fails
 * before reading anything).
 *
 * @public
 */
export async function readCapped(
  source: CappedSource,
  options: ReadCappedOptions,
): Promise<Buffer> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    const buf =
      typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
    if (buf.byteLength > options.maxBytes) {
      throw new BodyTooLargeError(options.what, options.maxBytes);
    }
    return buf;
  }
  if (isResponse(source)) {
    const declared = Number(source.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      source.body?.cancel().catch(() => undefined);
      throw new BodyTooLargeError(options.what, options.maxBytes);
    }
    if (!source.body) return Buffer.alloc(0);
    return readWebStream(source.body, options);
  }
  if (isWebStream(source)) {
    return readWebStream(source, options);
  }
  return readNodeStream(source as NodeJS.ReadableStream, options);
}

/**
 * {@link readCapped}, decoded as UTF-8 text.
 *
 * @public
 */
export async function readCappedText(
  source: CappedSource,
  options: ReadCappedOptions,
): Promise<string> {
  return (await readCapped(source, options)).toString('utf8');
}
