import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_DOCKERFILE_BYTES } from '../dockerfile';
import { ARG_BOMB, HOSTILE_SHAPES } from '../__testUtils__/hostileDockerfiles';

/*
 * The real launcher on each hostile input, as `yarn astro-runtime-check`
 * runs it (the TypeScript sources compiled on the fly at start-up). A
 * preloaded module reports the process's CPU time and peak RSS: the CPU
 * budget is the cap that matters (a busy machine stretches wall-clock time
 * several times over, start-up included); a generous wall-clock cap still
 * catches a hang.
 */
const bin = path.resolve(__dirname, '../../bin/astro-runtime-check');
const CPU_CAP_MS = 5_000;
const WALL_CAP_MS = 20_000;
const RSS_CAP_KB = 400 * 1024;

jest.setTimeout(120_000);

let dir: string;
let reporter: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'astro-runtime-hostile-'));
  reporter = path.join(dir, 'report.js');
  fs.writeFileSync(
    reporter,
    `process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.ASTRO_RUNTIME_TEST_REPORT, JSON.stringify({
    cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
    // VmHWM is this process's own peak: getrusage's maxRSS also counts the
    // memory of the (large) jest worker the process was forked from
    maxRssKb: (() => {
      try {
        const m = /VmHWM:\\s+(\\d+) kB/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'));
        if (m) return Number(m[1]);
      } catch {}
      return u.maxRSS;
    })(),
  }));
});
`,
  );
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(name: string, text: string, args: string[]) {
  const project = path.join(dir, name);
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'Dockerfile'), text);
  const report = path.join(dir, `${name}.json`);
  const start = Date.now();
  const r = spawnSync(
    process.execPath,
    ['-r', reporter, bin, project, '--no-code', ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, ASTRO_RUNTIME_TEST_REPORT: report },
    },
  );
  const wallMs = Date.now() - start;
  const usage = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    cpuMs: number;
    maxRssKb: number;
  };
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, wallMs, usage };
}

/** Exit code and the start of the one line each input must give (`--json`). */
const expected: Record<string, { code: number; line: RegExp }> = {
  'arg-bomb': {
    code: 2,
    line: /^astro-runtime-check: TOO_LARGE: line 15: ARG A14 expands to more than 64 KiB$/,
  },
  'unused-arg-bomb': { code: 0, line: /^\{"file":/ },
  'arg-fan-out': {
    code: 2,
    line: /^astro-runtime-check: TOO_LARGE: line 2: ARG B expands/,
  },
  'long-directive': { code: 0, line: /^\{"file":/ },
  continuations: { code: 0, line: /^\{"file":/ },
  'continued-from': {
    code: 2,
    line: /^astro-runtime-check: TOO_LARGE: line 1: FROM /,
  },
  'stage-chain': { code: 0, line: /^\{"file":/ },
  'deep-nesting': {
    code: 2,
    line: /^astro-runtime-check: INVALID_DOCKERFILE: line 1: .* nested more than/,
  },
  // Not a Dockerfile at all.
  'freeze-hashes': { code: 2, line: /^astro-runtime-check: NO_FROM: / },
};

const inputs: Array<[string, string, string[]]> = [
  ['arg-bomb-440-bytes', ARG_BOMB, ['--json']],
  ...HOSTILE_SHAPES.map(
    s =>
      [s.name, s.build(MAX_DOCKERFILE_BYTES), ['--json']] as [
        string,
        string,
        string[],
      ],
  ),
];

describe('astro-runtime-check on hostile inputs', () => {
  it.each(inputs)('%s', (name, text, args) => {
    const r = run(name, text, args);
    const want = expected[name.replace(/-440-bytes$/, '')];
    expect(r.code).toBe(want.code);
    // One line in all: a JSON document on stdout, or a message on stderr.
    const out = `${r.stdout}${r.stderr}`;
    expect(out.endsWith('\n')).toBe(true);
    expect(out.slice(0, -1)).not.toContain('\n');
    expect(out.slice(0, -1)).toMatch(want.line);
    expect(r.usage.cpuMs).toBeLessThan(CPU_CAP_MS);
    expect(r.wallMs).toBeLessThan(WALL_CAP_MS);
    expect(r.usage.maxRssKb).toBeLessThan(RSS_CAP_KB);
  });

  it('upgrades a 1 MiB continuation shape byte-exactly', () => {
    const text = HOSTILE_SHAPES.find(s => s.name === 'continuations')!.build(
      MAX_DOCKERFILE_BYTES,
    );
    const r = run('continuations-upgrade', text, [
      '--json',
      '--upgrade-to',
      '13.1.0',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.to).toBe('13.1.0');
    expect(doc.text).toBe(text.replace('ARG V=12.1.0 PAD', 'ARG V=13.1.0 PAD'));
    expect(r.usage.cpuMs).toBeLessThan(CPU_CAP_MS);
    expect(r.usage.maxRssKb).toBeLessThan(RSS_CAP_KB);
  });
});
