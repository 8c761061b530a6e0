import { mockServices } from '@backstage/backend-test-utils';
import {
  getBundledCatalog,
  type CodeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { createInProcessAstroRuntimeWorkerPool } from '@backstage-astro/plugin-astro-runtime-node';
import { component } from '../__testUtils__/catalog';
import type { CodeScanner, CodeScanResult } from './CodeScanner';
import { ConfigDeploymentProvider } from './ConfigDeploymentProvider';
import { DeploymentResolver } from './DeploymentResolver';
import { EntityRefresher, type EntityOutcome } from './EntityRefresher';
import { AnnotationProjectLocator } from './ProjectLocator';
import type { ProjectReader } from './ProjectReader';
import type { StatusWrite, StoredInputState } from './StatusStore';

const NOW = new Date('2026-12-02T10:00:00.000Z');
const entity = component('etl', {
  annotations: { 'astronomer.io/deployment-id': 'dep-1' },
});
const location = new AnnotationProjectLocator().locate(entity);

const findings: CodeStatus = {
  engine: { name: 'ruff', version: '0.16.10' },
  findings: [],
  totals: {},
  blocking: 0,
  advice: 0,
  fixable: 0,
  fixableFiles: 0,
  scanned: { files: 2, bytes: 40 },
  skipped: [],
  scannedAt: '2026-12-01T10:00:00.000Z',
};

/** A scanner that answers `result` and counts the loads of its findings. */
function fakeScanner(found: CodeStatus | undefined) {
  const loads = { count: 0 };
  const scanner = {
    enabled: true,
    scan: async (): Promise<CodeScanResult> => ({
      fingerprint: 'fp-1',
      rescanned: 0,
      code: async () => {
        loads.count++;
        return found;
      },
    }),
  };
  return { scanner: scanner as unknown as CodeScanner, loads };
}

function refresher(code: CodeScanner) {
  const reader: ProjectReader = {
    async readFile(_loc, name) {
      return name === 'Dockerfile'
        ? {
            state: 'read',
            etag: 'd1',
            text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
          }
        : { state: 'missing' };
    },
  };
  return new EntityRefresher({
    reader,
    resolver: new DeploymentResolver([
      new ConfigDeploymentProvider([
        { id: 'dep-1', astroRuntimeVersion: '12.4.0' },
      ]),
    ]),
    workers: createInProcessAstroRuntimeWorkerPool(),
    logger: mockServices.logger.mock(),
    code,
    now: () => NOW,
  });
}

/** The input state the store would hand back after `write`. */
function stored(outcome: EntityOutcome): StoredInputState {
  const write = outcome.write as Extract<StatusWrite, { kind: 'assessment' }>;
  return {
    isAstro: write.isAstro,
    hasStatus: write.statusJson !== undefined,
    entityFingerprint: write.entityFingerprint,
    inputs: write.inputs,
    inputHash: write.inputHash,
  };
}

const ctx = { catalog: getBundledCatalog(), day: '2026-12-02' };

describe('EntityRefresher with the code scan', () => {
  it('loads the findings only to write a status', async () => {
    const { scanner, loads } = fakeScanner(findings);
    const r = refresher(scanner);
    const first = await r.process(entity, location, undefined, ctx);
    expect(first.write.kind).toBe('assessment');
    expect(loads.count).toBe(1);
    const written = first.write as Extract<StatusWrite, { kind: 'assessment' }>;
    expect(JSON.parse(written.statusJson!).code).toEqual(findings);

    // the same inputs and fingerprint: unchanged, the findings are not read
    const second = await r.process(entity, location, stored(first), ctx);
    expect(second.unchanged).toBe(true);
    expect(loads.count).toBe(1);
  });

  it('writes again on the next refresh when the cached findings were lost', async () => {
    const lost = fakeScanner(undefined);
    const r = refresher(lost.scanner);
    const first = await r.process(entity, location, undefined, ctx);
    const written = first.write as Extract<StatusWrite, { kind: 'assessment' }>;
    expect(JSON.parse(written.statusJson!).code).toBeUndefined();
    // the stored hash does not claim the findings: the next refresh reassesses
    const again = await r.process(entity, location, stored(first), ctx);
    expect(again.unchanged).toBe(false);

    const found = fakeScanner(findings);
    const healed = await refresher(found.scanner).process(
      entity,
      location,
      stored(first),
      ctx,
    );
    expect(healed.unchanged).toBe(false);
    const next = await refresher(found.scanner).process(
      entity,
      location,
      stored(healed),
      ctx,
    );
    expect(next.unchanged).toBe(true);
  });
});
