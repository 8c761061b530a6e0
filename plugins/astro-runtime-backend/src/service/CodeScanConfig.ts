import { MAX_CODE_FILES } from '@backstage-astro/plugin-astro-runtime-common';

/** Options of the code scan (`astroRuntime.code`). */
export interface CodeScanConfig {
  /** Scan the projects' Python code (default true). */
  enabled: boolean;
  /** Python files scanned per project at most (default 5000). */
  maxFiles: number;
  /** Bytes of Python read per project at most (default 64 MiB); files beyond are skipped. */
  maxTotalBytes: number;
  /** Files per worker task (default 25). */
  batchSize: number;
}

export const DEFAULT_CODE_SCAN_CONFIG: CodeScanConfig = {
  enabled: true,
  maxFiles: MAX_CODE_FILES,
  maxTotalBytes: 64 * 1024 * 1024,
  batchSize: 25,
};

/** Reads `astroRuntime.code`. */
export function readCodeScanConfig(config: {
  getOptionalConfig(key: string):
    | {
        getOptionalBoolean(key: string): boolean | undefined;
        getOptionalNumber(key: string): number | undefined;
      }
    | undefined;
}): CodeScanConfig {
  const c = config.getOptionalConfig('astroRuntime.code');
  const int = (key: keyof CodeScanConfig, max: number) => {
    const v =
      c?.getOptionalNumber(key) ?? (DEFAULT_CODE_SCAN_CONFIG[key] as number);
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw new Error(
        `astroRuntime.code.${key} must be an integer from 1 to ${max}, got ${v}`,
      );
    }
    return v;
  };
  return {
    enabled:
      c?.getOptionalBoolean('enabled') ?? DEFAULT_CODE_SCAN_CONFIG.enabled,
    maxFiles: int('maxFiles', 100_000),
    maxTotalBytes: int('maxTotalBytes', 1024 * 1024 * 1024),
    batchSize: int('batchSize', 1000),
  };
}
