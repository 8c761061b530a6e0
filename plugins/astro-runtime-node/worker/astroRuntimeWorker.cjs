/*
 * Worker-thread entry of the astro-runtime worker pool (loaded by piscina).
 *
 * Plain CommonJS, shipped as-is (not bundled), so it loads in every setting
 * without a build step of its own:
 *
 * - published package: `@backstage-astro/plugin-astro-runtime-common`
 *   resolves to its built `dist/*.cjs.js`; nothing else is needed;
 * - `backstage-cli package start`: the backend runs with
 *   `--require @backstage/cli-node/config/nodeTransform.cjs`, worker threads
 *   inherit that flag, so `.ts` sources already load;
 * - jest (and any other host without that flag): the workspace package
 *   resolves to `src/index.ts`, so the Backstage CLI's node transform is
 *   registered here first, and only then.
 *
 * Each task first reports `{ astroRuntimeTaskStarted: id, threadId }` (the
 * pool's time limit starts then), and answers `{ ok: true, value }` or `{ ok: false, error }` with the
 * error flattened to plain fields (structured clone keeps only `message` and
 * `stack` of an Error), so the pool can rebuild an `AstroRuntimeError` with
 * its `code` and `line`.
 */
'use strict';

const { parentPort, threadId, workerData } = require('node:worker_threads');

/**
 * Names the thread `astro-runtime` (Linux), so that `top -H`, `ps -L` and
 * `/proc/<pid>/task/<tid>/comm` tell the plugin's worker threads from the
 * backend's others. Silent where it cannot.
 */
const THREAD_NAME = 'astro-runtime';
function nameThread() {
  if (process.platform !== 'linux') return;
  try {
    require('node:fs').writeFileSync('/proc/thread-self/comm', THREAD_NAME);
  } catch {
    // no /proc here: the thread keeps its name
  }
}
nameThread();

/**
 * This thread's scheduling priority, as the pool asks (Linux only, where
 * setpriority() applies to the calling thread alone; elsewhere it would move
 * the whole backend). `workerData.priority` is an Int32Array on shared
 * memory: 1 asks for `niceIncrement` below the backend (the event loop wins
 * a contended CPU, so requests keep their latency), 0 for the backend's own
 * priority. The thread reads it when it starts, before each task and before
 * each file it checks, so a change applies within about a millisecond.
 * Raising the priority again needs privilege (CAP_SYS_NICE, or RLIMIT_NICE
 * of at least 20): where it is refused, the thread stays lower until it
 * exits. Failures are silent; the thread keeps the priority it has.
 */
const os = require('node:os');

const niceIncrement = Math.max(
  0,
  Math.min(19, (workerData && workerData.niceIncrement) || 0),
);
const priorityFlag =
  workerData && workerData.priority instanceof Int32Array
    ? workerData.priority
    : undefined;
let basePriority = 0;
try {
  basePriority = os.getPriority(0);
} catch {
  // unknown: counted from 0
}
/** The increment this thread runs at now. */
let appliedIncrement = 0;
let canRaise = true;

function applyPriority() {
  if (process.platform !== 'linux' || !(niceIncrement > 0)) return;
  const wanted =
    priorityFlag === undefined || Atomics.load(priorityFlag, 0) === 1
      ? niceIncrement
      : 0;
  if (wanted === appliedIncrement) return;
  if (wanted < appliedIncrement && !canRaise) return;
  try {
    os.setPriority(0, Math.min(19, basePriority + wanted));
    appliedIncrement = wanted;
  } catch {
    // not permitted here: keep the priority (and stop asking to raise it)
    if (wanted < appliedIncrement) canRaise = false;
  }
}
applyPriority();

const COMMON = '@backstage-astro/plugin-astro-runtime-common';

function loadCommon() {
  const resolved = require.resolve(COMMON);
  if (/\.[cm]?tsx?$/.test(resolved) && !require.extensions['.ts']) {
    require('@backstage/cli/config/nodeTransform.cjs');
  }
  return require(COMMON);
}

const common = loadCommon();

const NODE = '@backstage-astro/plugin-astro-runtime-node';

/** `-node` (the ruff engine and the code-scan tasks), loaded by the first code task of a thread. */
let node;
function loadNode() {
  if (!node) {
    // -common has already registered the source transform when it is needed
    node = require(NODE);
  }
  return node;
}

/** Tasks that need this thread's ruff engine. */
const CODE_TASKS = new Set(['scanCode', 'fixCode']);

/**
 * Compiles the WebAssembly engine of this thread, before the task reports
 * its start: the compile (a second or two, more on a loaded machine) counts
 * against the pool's start-up allowance, not the task's time limit, which
 * stays the limit on scanning the repo's content.
 */
let warm = false;
function warmEngine() {
  if (!warm) {
    // the first check opens ruff's workspace (settings parsed, rules built)
    loadNode().getRuffEngine().check('');
    warm = true;
  }
}

/**
 * This thread's ruff engine, taking the priority the pool asks for before
 * each check (a task checks up to a batch of files).
 */
let prioritizedEngine;
function engine() {
  if (!prioritizedEngine) {
    const ruff = loadNode().getRuffEngine();
    prioritizedEngine = {
      name: ruff.name,
      version: ruff.version,
      check(source) {
        applyPriority();
        return ruff.check(source);
      },
    };
  }
  return prioritizedEngine;
}

/** Release catalogs by key, so a catalog is cloned into the thread once, not per task. */
const catalogs = new Map();
const MAX_CATALOGS = 4;

/**
 * The catalog of a task: a catalog itself, `{ key, catalog }` (kept for later
 * tasks), or `{ key }` of a catalog kept earlier.
 */
function catalogOf(ref) {
  if (!ref || typeof ref !== 'object' || typeof ref.key !== 'string') {
    return ref;
  }
  if (ref.catalog !== undefined) {
    // indexed once per thread: later tasks reuse its sorted releases and keys
    const catalog = common.indexCatalog(ref.catalog);
    catalogs.delete(ref.key);
    catalogs.set(ref.key, catalog);
    while (catalogs.size > MAX_CATALOGS) {
      catalogs.delete(catalogs.keys().next().value);
    }
    return catalog;
  }
  const cached = catalogs.get(ref.key);
  if (cached === undefined) {
    const e = new Error(
      `release catalog ${ref.key} is not cached in this worker`,
    );
    e.code = 'CATALOG_NOT_CACHED';
    throw e;
  }
  return cached;
}

const tasks = {
  assess(input) {
    return common.assess({ ...input, catalog: catalogOf(input.catalog) });
  },
  /** `assess`, answered serialized for a store (`serializeStatus` of -common). */
  assessSerialized(input) {
    return common.serializeStatus(
      common.assess({ ...input, catalog: catalogOf(input.catalog) }),
    );
  },
  parseDockerfile(input) {
    return common.parseDockerfile(input.text);
  },
  upgradeDockerfile(input) {
    return common.upgradeDockerfile(
      input.text,
      input.target,
      catalogOf(input.catalog),
      input.options,
    );
  },
  pinProviders(input) {
    return common.pinProviders(
      input.requirementsTxt,
      input.providers,
      input.options,
    );
  },
  /** `{ files: [{ path, bytes }] }` → `{ engine, scans: FileScan[] }` */
  scanCode(input) {
    return loadNode().scanFilesTask(input, engine());
  },
  /** `{ files: [{ path, bytes }] }` → `FileFixResult[]` (ruff's safe fixes only) */
  fixCode(input) {
    return loadNode().fixFilesTask(input, engine());
  },
};

/** Tasks that misbehave on purpose, for the pool's own tests only. */
const testTasks = {
  /** Blocks the thread for `ms` milliseconds and says which thread ran it, and when. */
  __test_sleep(input) {
    const start = Date.now();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, input.ms);
    return {
      threadId,
      start,
      end: Date.now(),
    };
  },
  /** Answers its input. */
  __test_echo(input) {
    return input;
  },
  /** Never returns. */
  __test_spin() {
    for (;;) {
      // busy
    }
  },
  /** Allocates until the heap limit stops it. */
  __test_alloc() {
    const hoard = [];
    for (;;) {
      hoard.push(new Array(100_000).fill(hoard.length));
    }
  },
  /** Ends its thread the way a crash would. */
  __test_exit(input) {
    process.exit(input.code);
  },
  /** This thread's scheduling priority (its nice value). */
  __test_priority() {
    return { priority: require('node:os').getPriority(0) };
  },
  /** This thread's name as the OS has it (Linux; null elsewhere). */
  __test_thread_name() {
    if (process.platform !== 'linux') return { name: null };
    return {
      name: require('node:fs')
        .readFileSync('/proc/thread-self/comm', 'utf8')
        .trim(),
    };
  },
  /** The resource limits this thread was started with. */
  __test_limits() {
    return { resourceLimits: require('node:worker_threads').resourceLimits };
  },
  /** Throws a plain Error with a code. */
  __test_throw(input) {
    const e = new Error(input.message);
    e.code = input.code;
    throw e;
  },
};

function flatten(e) {
  if (e && typeof e === 'object') {
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : String(e),
      code: typeof e.code === 'string' ? e.code : undefined,
      line: typeof e.line === 'number' ? e.line : undefined,
      stack: typeof e.stack === 'string' ? e.stack : undefined,
    };
  }
  return { name: 'Error', message: String(e) };
}

/**
 * Runs one task: skipped when the caller aborted it before it started
 * (`message.cancel`, an Int32Array on shared memory set to 1), else reported
 * started, then run.
 */
function runTask(message) {
  applyPriority();
  if (CODE_TASKS.has(message.task)) {
    try {
      warmEngine();
    } catch (e) {
      return { ok: false, error: flatten(e) };
    }
  }
  if (message.cancel && Atomics.load(message.cancel, 0) === 1) {
    return {
      ok: false,
      error: {
        name: 'Error',
        code: 'CANCELLED',
        message: `worker task ${JSON.stringify(
          message.task,
        )} was aborted before it started`,
      },
    };
  }
  // the pool's time limit runs from here, not from when the task was sent
  if (typeof message.id === 'number' && parentPort) {
    parentPort.postMessage({ astroRuntimeTaskStarted: message.id, threadId });
  }
  const name = message.task;
  const fn =
    (Object.prototype.hasOwnProperty.call(tasks, name) && tasks[name]) ||
    (workerData &&
      workerData.testTasks === true &&
      Object.prototype.hasOwnProperty.call(testTasks, name) &&
      testTasks[name]);
  if (!fn) {
    return {
      ok: false,
      error: {
        name: 'Error',
        code: 'UNKNOWN_TASK',
        message: `unknown worker task ${JSON.stringify(name)}`,
      },
    };
  }
  try {
    return { ok: true, value: fn(message.input) };
  } catch (e) {
    return { ok: false, error: flatten(e) };
  }
}

/**
 * The pool sends a thread its next task while it runs one. Piscina takes
 * both from the port at once and calls this for each in the same microtask
 * run; a task run right here would delay the answer of the task before it
 * (posted by piscina in a later microtask) until this one ends. Each task
 * runs in its own macrotask instead, so that a task's answer is posted
 * before the next one starts: the pool can send more work meanwhile, and an
 * answer is never lost with a thread stopped because of the task after it.
 */
module.exports = function astroRuntimeWorker(message) {
  return new Promise(resolve => {
    setImmediate(() => resolve(runTask(message)));
  });
};
