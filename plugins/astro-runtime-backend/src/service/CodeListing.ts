/*
 * Lists the Python files of a project folder for the code scan: through the
 * UrlReader's readTree (with the tree's etag) or, for local projects, from
 * disk, within the file count and byte budget.
 */
import { createHash } from 'crypto';
import fs from 'fs/promises';
import path from 'path';
import {
  resolveSafeChildPath,
  type UrlReaderService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  MAX_CODE_FILE_BYTES,
  isCodePath,
  isSkippedFolder,
  type CodeFileEntry,
  type CodeSkippedFile,
} from '@backstage-astro/plugin-astro-runtime-common';
import { errorMessage, UpstreamError } from '../errors';
import type { CodeScanConfig } from './CodeScanConfig';
import type { CachedCodeScan } from './CodeScanStore';

/** A listed file: its bytes when read, or the stored scan is still good. */
export interface Listed {
  entry: CodeFileEntry;
  hash: string;
  bytes?: Uint8Array;
}

export interface Listing {
  /**
   * Undefined: the tree is unchanged since the etag asked with (nothing was
   * read; `skipped` is then empty, the cached scan's own list stands).
   */
  files?: Listed[];
  skipped: CodeSkippedFile[];
  treeEtag?: string;
}

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const MAX_DEPTH = 32;
const MAX_ENTRIES = 200_000;

function safeIsCodePath(p: string): boolean {
  try {
    return isCodePath(p);
  } catch {
    return false;
  }
}

/** Keeps the listing within the file count and byte budget; the rest is skipped. */
class Budget {
  files = 0;
  bytes = 0;
  readonly skipped: CodeSkippedFile[] = [];
  constructor(private readonly config: CodeScanConfig) {}

  /**
   * True (and recorded as skipped) when a file's content turned out larger
   * than the per-file cap: readers and files that do not tell the size up
   * front, or grew after it was told, are held to the same budget.
   */
  tooLarge(file: string, bytes: number): boolean {
    if (bytes <= MAX_CODE_FILE_BYTES) return false;
    this.skipped.push({ file, reason: 'too-large', bytes });
    return true;
  }

  /** Admits a Python file of `size` bytes, or records why not. */
  admit(file: string, size: number): boolean {
    if (this.tooLarge(file, size)) {
      return false;
    }
    if (
      this.files >= this.config.maxFiles ||
      this.bytes + size > this.config.maxTotalBytes
    ) {
      this.skipped.push({ file, reason: 'too-many-files', bytes: size });
      return false;
    }
    this.files++;
    this.bytes += size;
    return true;
  }
}

/**
 * Lists a project folder through the UrlReader; `etag` is the tree etag of
 * the cached scan (an unchanged tree answers without files).
 */
export async function listTree(
  urlReader: UrlReaderService,
  config: CodeScanConfig,
  url: string,
  etag: string | undefined,
  signal?: AbortSignal,
): Promise<Listing> {
  const budget = new Budget(config);
  let tree;
  try {
    tree = await urlReader.readTree(url, {
      etag,
      signal,
      filter: (p, info) => {
        if (p === 'pyvenv.cfg' || p.endsWith('/pyvenv.cfg')) return true;
        if (!safeIsCodePath(p)) return false;
        return info ? budget.admit(p, info.size) : true;
      },
    });
  } catch (e) {
    if (isError(e) && e.name === 'NotModifiedError' && etag) {
      return { skipped: [], treeEtag: etag };
    }
    if (isError(e) && /does not implement readTree/.test(e.message)) {
      throw new UpstreamError(
        `The SCM integration of ${url} cannot list folders, so the code is not scanned`,
        {
          code: 'code-listing-unsupported',
        },
      );
    }
    if (isError(e) && e.name === 'NotFoundError') {
      throw new UpstreamError(`The project folder ${url} is not found`, {
        code: 'code-folder-missing',
      });
    }
    throw new UpstreamError(
      `Failed to read the code in ${url}: ${errorMessage(e)}`,
      {
        code: 'scm-read-failed',
        cause: e,
      },
    );
  }
  const files: Listed[] = [];
  for (const f of await tree.files()) {
    const p = f.path.replace(/^\/+/, '');
    const content = await f.content();
    if (p.endsWith('pyvenv.cfg')) {
      files.push({ entry: { path: p, size: 0 }, hash: '' });
      continue;
    }
    if (budget.tooLarge(p, content.length)) continue;
    const bytes = new Uint8Array(
      content.buffer,
      content.byteOffset,
      content.length,
    );
    files.push({
      entry: { path: p, size: bytes.length },
      hash: sha256(bytes),
      bytes,
    });
  }
  return { files, skipped: budget.skipped, treeEtag: tree.etag };
}

/**
 * Walks a local project folder (inside `root`, symlinks not followed),
 * reading only files whose size, mtime or inode changed.
 */
export async function listLocal(
  config: CodeScanConfig,
  root: string,
  dir: string,
  prev: CachedCodeScan | undefined,
  signal?: AbortSignal,
): Promise<Listing> {
  let top: string;
  try {
    top = resolveSafeChildPath(root, dir);
  } catch {
    throw new UpstreamError(
      `Refusing to read the code: outside the folder of the entity's catalog file`,
      {
        code: 'path-outside-location',
      },
    );
  }
  const cached = new Map(prev?.files.map(f => [f.path, f.hash]) ?? []);
  const budget = new Budget(config);
  const files: Listed[] = [];
  let entries = 0;
  const walk = async (
    abs: string,
    rel: string,
    depth: number,
  ): Promise<void> => {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    let dirents;
    try {
      dirents = await fs.readdir(abs, { withFileTypes: true });
    } catch (e) {
      if (!rel && (e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UpstreamError(`The project folder is not found`, {
          code: 'code-folder-missing',
        });
      }
      throw new UpstreamError(
        `Failed to list ${rel || 'the project folder'}: ${errorMessage(e)}`,
        {
          code: 'file-read-failed',
        },
      );
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : Number(a.name > b.name)));
    for (const d of dirents) {
      if (++entries > MAX_ENTRIES) {
        throw new UpstreamError(
          `The project folder has more than ${MAX_ENTRIES} entries`,
          {
            code: 'too-large',
          },
        );
      }
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      const childAbs = path.join(abs, d.name);
      if (d.isDirectory()) {
        if (depth < MAX_DEPTH && !isSkippedFolder(d.name)) {
          await walk(childAbs, childRel, depth + 1);
        }
        continue;
      }
      if (!d.isFile()) continue; // symlinks and the like are not followed
      if (d.name === 'pyvenv.cfg') {
        files.push({ entry: { path: childRel, size: 0 }, hash: '' });
        continue;
      }
      if (!safeIsCodePath(childRel)) continue;
      const stat = await fs.stat(childAbs);
      if (!budget.admit(childRel, stat.size)) continue;
      const etag = `file-${stat.size}-${stat.mtimeMs}-${stat.ino}`;
      if (cached.get(childRel) === etag) {
        files.push({
          entry: { path: childRel, size: stat.size },
          hash: etag,
        });
        continue;
      }
      const content = await fs.readFile(childAbs);
      if (budget.tooLarge(childRel, content.length)) continue;
      files.push({
        entry: { path: childRel, size: content.length },
        hash: etag,
        bytes: new Uint8Array(
          content.buffer,
          content.byteOffset,
          content.length,
        ),
      });
    }
  };
  await walk(top, '', 0);
  return { files, skipped: budget.skipped };
}
