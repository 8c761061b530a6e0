/*
 * What `astro-runtime-check` reads and writes: files, the release feed, the
 * terminal. Injectable as {@link CliIo} for tests.
 */
import { AstroRuntimeError } from '../errors';
import {
  getBundledCatalog,
  MAX_FEED_BYTES,
  parseReleaseFeed,
} from '../catalog';
import type { ReleaseCatalog } from '../types';
import { CodeCliIo, nodeCodeIo } from './code';

/**
 * What the CLI touches outside itself (injectable for tests).
 *
 * @public
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  isDirectory(path: string): Promise<boolean>;
  fetchText(url: string): Promise<string>;
  joinPath(dir: string, name: string): string;
  /** The code scan's I/O; without it the code is not scanned. */
  code?: CodeCliIo;
}

/**
 * Largest file the CLI reads (a Dockerfile or a release feed file); the
 * parsers apply their own, smaller caps after that.
 */
const MAX_INPUT_FILE_BYTES = 8 * 1024 * 1024;

/** How long the CLI waits for the release feed URL. */
const FETCH_TIMEOUT_MS = 15_000;

/** The release catalog of `--releases` (a file or an http(s) URL), else the bundled one. */
export async function loadCatalog(
  io: CliIo,
  source: string | undefined,
  now: () => Date = () => new Date(),
): Promise<ReleaseCatalog> {
  if (!source) return getBundledCatalog();
  if (/^https?:\/\//i.test(source)) {
    const text = await io.fetchText(source);
    return parseReleaseFeed(text, {
      source: 'url',
      location: source,
      asOf: now().toISOString(),
    });
  }
  const text = await io.readFile(source);
  return parseReleaseFeed(text, { source: 'file', location: source });
}

/** The body as text, refused as soon as it passes `maxBytes`. */
async function readCapped(
  res: Response,
  url: string,
  maxBytes: number,
): Promise<string> {
  const tooLarge = () =>
    new AstroRuntimeError(
      'TOO_LARGE',
      `GET ${url}: the answer is larger than ${maxBytes} bytes`,
    );
  if (Number(res.headers.get('content-length')) > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The Node.js I/O of the real CLI.
 *
 * @public
 */
export function nodeIo(): CliIo {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    stdout: t => process.stdout.write(t),
    stderr: t => process.stderr.write(t),
    readFile: async p => {
      const stat = await fs.promises.stat(p).catch(() => undefined);
      if (!stat) throw new Error(`cannot read ${p}: no such file`);
      if (stat.size > MAX_INPUT_FILE_BYTES) {
        throw new AstroRuntimeError(
          'TOO_LARGE',
          `${p} is larger than ${MAX_INPUT_FILE_BYTES / 1024 / 1024} MiB`,
        );
      }
      return fs.promises.readFile(p, 'utf8');
    },
    writeFile: async (p, t) => {
      const tmp = `${p}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, t, 'utf8');
      await fs.promises.rename(tmp, p);
    },
    isDirectory: async p =>
      (await fs.promises.stat(p).catch(() => undefined))?.isDirectory() ??
      false,
    fetchText: async url => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
      try {
        const res = await fetch(url, {
          headers: { Accept: 'application/json' },
          signal: controller.signal,
        });
        if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
        return await readCapped(res, url, MAX_FEED_BYTES);
      } catch (e) {
        if ((e as Error)?.name === 'AbortError')
          throw new Error(`GET ${url}: timed out`);
        throw e;
      } finally {
        clearTimeout(timer);
      }
    },
    joinPath: (d, n) => path.join(d, n),
    code: nodeCodeIo(),
  };
}
