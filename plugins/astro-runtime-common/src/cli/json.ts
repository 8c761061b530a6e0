/*
 * The `--json` documents of `astro-runtime-check`: one JSON object per run.
 */
import type { ProviderPinPlan } from '../providerDiff';
import type { ProviderDiff, RuntimeStatus } from '../types';
import type { UpgradeDockerfileResult } from '../upgrade';
import type { CodeFixOutcome, CodeScanOutcome } from './code';

/** The check of a Dockerfile: `{file, image, runtime, status, code?}`. */
export function checkJson(
  file: string,
  status: RuntimeStatus,
  code: CodeScanOutcome | undefined,
): string {
  const img = status.image;
  const r = status.runtime;
  const doc = {
    file,
    image: img
      ? {
          registry: img.registry ?? null,
          repository: img.repository,
          tag: img.tag ?? null,
          digest: img.digest ?? null,
        }
      : null,
    runtime: r
      ? {
          version: r.version,
          line: r.line,
          prerelease: r.prerelease,
          floating: r.floating,
          python: r.python ?? null,
          variants: r.variants,
        }
      : null,
    status,
    ...(code ? { code: code.code } : {}),
  };
  return `${JSON.stringify(doc)}\n`;
}

/** An upgrade: the edit, the provider changes and pins, and the code fixes. */
export function upgradeJson(input: {
  file: string;
  result: UpgradeDockerfileResult;
  providers: ProviderDiff;
  plan: ProviderPinPlan;
  written: boolean;
  fixes?: CodeFixOutcome;
}): string {
  const { file, result, providers, plan, written, fixes } = input;
  const pins = {
    source: plan.source,
    pinnable: plan.pinnable,
    lines: plan.lines,
    add: plan.add,
    ...(plan.note ? { note: plan.note } : {}),
  };
  return `${JSON.stringify({
    file,
    from: result.from,
    to: result.to,
    changed: result.changed,
    image: result.image,
    notes: result.notes,
    providers,
    pins,
    ...(written ? {} : { text: result.text }),
    ...(fixes ? { codeFixes: fixes } : {}),
  })}\n`;
}
