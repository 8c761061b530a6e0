import fs from 'node:fs';
import path from 'node:path';
import { AstroRuntimeError } from './errors';
import { formatImageReference, parseImageReference } from './reference';

/*
 * The peer cases: distribution/reference's own TestReferenceParse data,
 * read from the shared peer folder next to the repository (never copied into
 * the repo). Set ASTRO_RUNTIME_PEER_DIR to point elsewhere.
 */
const peerDir =
  process.env.ASTRO_RUNTIME_PEER_DIR ??
  path.resolve(__dirname, '../../../../shared/peer');
const peerFile = path.join(peerDir, 'docker-reference-cases.json');
const havePeer = fs.existsSync(peerFile);
if (!havePeer) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the Docker reference peer cases: ${peerFile} not found (set ASTRO_RUNTIME_PEER_DIR).`,
  );
}

interface PeerValid {
  input: string;
  domain?: string;
  repository: string;
  tag?: string;
  digest?: string;
}
const peer: {
  valid: PeerValid[];
  invalid: Array<{ input: string; err: string }>;
} = havePeer
  ? JSON.parse(fs.readFileSync(peerFile, 'utf8'))
  : { valid: [], invalid: [] };

(havePeer ? describe : describe.skip)(
  'parseImageReference: distribution/reference peer cases',
  () => {
    it('has cases', () => {
      expect(peer.valid.length).toBeGreaterThan(10);
      expect(peer.invalid.length).toBeGreaterThan(5);
    });

    it.each(peer.valid.map(c => [c.input, c] as const))(
      'valid %s',
      (_input, c) => {
        const ref = parseImageReference(c.input);
        // The peer's repository is the full name; its domain the raw first component.
        const full = ref.registry
          ? `${ref.registry}/${ref.repository}`
          : ref.repository;
        expect(full).toBe(c.repository);
        const d = c.domain;
        const isRegistry =
          d !== undefined &&
          (d.includes('.') || d.includes(':') || d === 'localhost');
        expect(ref.registry).toBe(isRegistry ? d : undefined);
        expect(ref.tag).toBe(c.tag);
        expect(ref.digest).toBe(c.digest);
        expect(formatImageReference(ref)).toBe(c.input);
      },
    );

    it.each(peer.invalid.map(c => [c.input, c.err] as const))(
      'invalid %s (%s)',
      input => {
        expect(() => parseImageReference(input)).toThrow(AstroRuntimeError);
        expect(() => parseImageReference(input)).toThrow(
          expect.objectContaining({ code: 'INVALID_REFERENCE' }),
        );
      },
    );
  },
);

describe('parseImageReference: Astro images', () => {
  it.each([
    [
      'quay.io/astronomer/astro-runtime:12.4.0',
      {
        registry: 'quay.io',
        repository: 'astronomer/astro-runtime',
        tag: '12.4.0',
      },
    ],
    [
      'astrocrpublic.azurecr.io/runtime:3.1-12',
      {
        registry: 'astrocrpublic.azurecr.io',
        repository: 'runtime',
        tag: '3.1-12',
      },
    ],
    [
      'astronomerinc/ap-airflow:2.2.3-ubuntu20.04',
      {
        registry: undefined,
        repository: 'astronomerinc/ap-airflow',
        tag: '2.2.3-ubuntu20.04',
      },
    ],
    [
      'localhost/astronomer/astro-runtime',
      {
        registry: 'localhost',
        repository: 'astronomer/astro-runtime',
        tag: undefined,
      },
    ],
    [
      `quay.io/astronomer/astro-runtime:12.4.0@sha256:${'0'.repeat(64)}`,
      { tag: '12.4.0', digest: `sha256:${'0'.repeat(64)}` },
    ],
  ])('%s', (input, expected) => {
    const ref = parseImageReference(input);
    expect(ref.raw).toBe(input);
    for (const [k, v] of Object.entries(expected)) {
      expect(ref[k as keyof typeof ref]).toBe(v);
    }
  });

  it.each([
    '',
    'quay.io/astronomer/astro-runtime:',
    'quay.io/astronomer/astro-runtime:12.4.0 ',
    'quay.io//astro-runtime',
    `x:${'a'.repeat(129)}`,
    `${'a/'.repeat(130)}a`,
    `quay.io/astronomer/astro-runtime@sha256:${'A'.repeat(64)}`,
  ])('refuses %j', input => {
    expect(() => parseImageReference(input)).toThrow(
      expect.objectContaining({ code: 'INVALID_REFERENCE' }),
    );
  });

  it('refuses non-strings with INVALID_INPUT', () => {
    expect(() => parseImageReference(undefined as unknown as string)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
