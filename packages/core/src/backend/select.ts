/**
 * Picks the TensorFlow.js backend Lumen computes on. 'auto' prefers native TensorFlow
 * (tfjs-node-gpu, then tfjs-node: optional peer dependencies, loaded only when installed and
 * working), then wasm (with the gradient kernels it lacks installed), then the pure-JS cpu backend.
 */
import { tf } from '../tf.ts';
import { LumenError, messageOf } from '../errors.ts';
import { installWasmGradientKernels } from './wasm-gradients.ts';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export interface BackendInfo {
  name: BackendName;
  device: 'gpu' | 'cpu';
  /** The npm package that provides the backend. */
  package: string;
  version: string;
  /** True when Lumen registered the kernels wasm lacks (see installWasmGradientKernels). */
  gradientKernelsPatched: boolean;
  /** Why each backend tried before this one was not used, in order. */
  fallbackReasons: string[];
}

/** Imports a package by name. Injectable so tests can pretend a package is present, absent or broken. */
export type ModuleLoader = (packageName: string) => Promise<unknown>;

export interface InitBackendOptions {
  prefer?: BackendPreference;
  /** Where LUMEN_BACKEND is read from; defaults to process.env. LUMEN_BACKEND overrides `prefer`. */
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  loader?: ModuleLoader;
}

export interface BackendAvailability {
  name: BackendName;
  package: string;
  available: boolean;
  version?: string;
  /** Why it is not available. */
  reason?: string;
}

export const BACKEND_ENV_VAR = 'LUMEN_BACKEND';
const PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

interface Candidate {
  name: BackendName;
  package: string;
}

const CANDIDATES: readonly Candidate[] = [
  { name: 'tensorflow', package: '@tensorflow/tfjs-node-gpu' },
  { name: 'tensorflow', package: '@tensorflow/tfjs-node' },
  { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm' },
  { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu' },
];

const defaultLoader: ModuleLoader = (packageName) => import(packageName);

let active: BackendInfo | undefined;
let pending: Promise<unknown> = Promise.resolve();

class CandidateFailure extends Error {}

/** Node says ERR_MODULE_NOT_FOUND; bundlers and test runners (vite) word it their own way. */
function isNotInstalled(packageName: string, error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = messageOf(error);
  if (!message.includes(packageName)) return false;
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /cannot find (package|module)|could not resolve|failed to resolve/i.test(message)
  );
}

function describeLoadError(packageName: string, error: unknown): string {
  return isNotInstalled(packageName, error)
    ? 'not installed'
    : `failed to load: ${messageOf(error)}`;
}

/** A package's exports; for CommonJS packages whose named exports Node could not detect, `default`. */
function exportsOf(mod: unknown): Record<string, unknown> {
  const m = (mod ?? {}) as Record<string, unknown>;
  const fallback = m['default'];
  if (
    !('version' in m) &&
    !Object.keys(m).some((k) => k.startsWith('version_')) &&
    typeof fallback === 'object' &&
    fallback !== null
  ) {
    return fallback as Record<string, unknown>;
  }
  return m;
}

function readVersion(m: Record<string, unknown>, candidate: Candidate): string {
  const nested = m['version'];
  if (candidate.name === 'tensorflow' && typeof nested === 'object' && nested !== null) {
    const v = (nested as Record<string, unknown>)['tfjs-node'];
    if (typeof v === 'string') return v;
  }
  const flat =
    m[candidate.name === 'wasm' ? 'version_wasm' : candidate.name === 'cpu' ? 'version_cpu' : ''];
  return typeof flat === 'string' ? flat : 'unknown';
}

/** Imports the package and checks that it registered its backend into Lumen's tfjs engine. */
async function loadCandidate(
  candidate: Candidate,
  loader: ModuleLoader,
): Promise<{ module: unknown; version: string }> {
  let mod: unknown;
  try {
    mod = await loader(candidate.package);
  } catch (error) {
    throw new CandidateFailure(describeLoadError(candidate.package, error), { cause: error });
  }
  const m = exportsOf(mod);
  if (typeof m['engine'] === 'function' && (m['engine'] as () => unknown)() !== tf.engine()) {
    throw new CandidateFailure(
      `loaded, but it uses a different TensorFlow.js engine than Lumen's (@tensorflow/tfjs-core ${tf.version_core}); ` +
        'tensors could not be shared — install a version that dedupes to the same @tensorflow/tfjs-core',
    );
  }
  const version = (m['version'] ?? {}) as Record<string, unknown>;
  const theirCore = typeof version === 'object' ? version['tfjs-core'] : undefined;
  if (typeof theirCore === 'string' && theirCore !== tf.version_core) {
    throw new CandidateFailure(
      `loaded, but it was built on @tensorflow/tfjs-core ${theirCore} while Lumen uses ${tf.version_core}; ` +
        'install matching versions so both use one TensorFlow.js instance',
    );
  }
  if (tf.findBackendFactory(candidate.name) == null) {
    throw new CandidateFailure(
      `loaded, but no '${candidate.name}' backend was registered in Lumen's TensorFlow.js instance ` +
        `(@tensorflow/tfjs-core ${tf.version_core}); it probably registered into another copy of tfjs-core`,
    );
  }
  return { module: mod, version: readVersion(m, candidate) };
}

async function activate(candidate: Candidate, loader: ModuleLoader): Promise<BackendInfo> {
  const { version } = await loadCandidate(candidate, loader);
  let ok: boolean;
  try {
    ok = await tf.setBackend(candidate.name);
  } catch (error) {
    throw new CandidateFailure(
      `backend '${candidate.name}' failed to initialise: ${messageOf(error)}`,
      { cause: error },
    );
  }
  if (!ok) throw new CandidateFailure(`backend '${candidate.name}' failed to initialise`);
  const info: BackendInfo = {
    name: candidate.name,
    device: 'cpu',
    package: candidate.package,
    version,
    gradientKernelsPatched: false,
    fallbackReasons: [],
  };
  if (candidate.name === 'tensorflow') {
    const usingGpu =
      (tf.backend() as unknown as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
    info.device = usingGpu ? 'gpu' : 'cpu';
    if (!usingGpu && candidate.package.endsWith('-gpu')) {
      info.fallbackReasons.push(
        `${candidate.package}: TensorFlow found no usable GPU; running on the CPU`,
      );
    }
  }
  if (candidate.name === 'wasm') {
    try {
      installWasmGradientKernels();
    } catch (error) {
      throw new CandidateFailure(`gradient kernels could not be installed: ${messageOf(error)}`, {
        cause: error,
      });
    }
    info.gradientKernelsPatched = true;
  }
  return info;
}

function resolvePreference(options: InitBackendOptions): {
  prefer: BackendPreference;
  source: string;
} {
  const env = options.env ?? process.env;
  const raw = env[BACKEND_ENV_VAR]?.trim().toLowerCase();
  if (raw !== undefined && raw !== '') {
    if (!(PREFERENCES as readonly string[]).includes(raw)) {
      throw new LumenError(
        'CONFIG_INVALID',
        `${BACKEND_ENV_VAR}='${env[BACKEND_ENV_VAR]}' is not one of ${PREFERENCES.join(', ')}.`,
        { details: { variable: BACKEND_ENV_VAR, value: env[BACKEND_ENV_VAR] } },
      );
    }
    return { prefer: raw as BackendPreference, source: BACKEND_ENV_VAR };
  }
  const prefer = options.prefer ?? 'auto';
  if (!PREFERENCES.includes(prefer)) {
    throw new LumenError(
      'CONFIG_INVALID',
      `Backend preference '${String(prefer)}' is not one of ${PREFERENCES.join(', ')}.`,
    );
  }
  return { prefer, source: options.prefer === undefined ? 'default' : 'prefer option' };
}

async function select(options: InitBackendOptions): Promise<BackendInfo> {
  const log = options.log ?? (() => {});
  const loader = options.loader ?? defaultLoader;
  const { prefer, source } = resolvePreference(options);
  const candidates = prefer === 'auto' ? CANDIDATES : CANDIDATES.filter((c) => c.name === prefer);
  const reasons: string[] = [];
  for (const candidate of candidates) {
    try {
      const info = await activate(candidate, loader);
      info.fallbackReasons = [...reasons, ...info.fallbackReasons];
      active = info;
      log(
        `backend: ${info.name} (${info.package} ${info.version}, ${info.device}` +
          `${info.gradientKernelsPatched ? ', gradient kernels patched' : ''})`,
      );
      return info;
    } catch (error) {
      if (!(error instanceof CandidateFailure)) throw error;
      const reason = `${candidate.package}: ${error.message}`;
      reasons.push(reason);
      log(`backend: skipped ${reason}`);
    }
  }
  const available = (await listAvailableBackends({ loader }))
    .filter((b) => b.available)
    .map((b) => `${b.name} (${b.package})`);
  throw new LumenError(
    'BACKEND_UNAVAILABLE',
    `Backend '${prefer}' (from ${source}) is unavailable: ${reasons.join('; ')}. ` +
      `Available: ${available.length > 0 ? available.join(', ') : 'none'}.`,
    { details: { prefer, source, failures: reasons, available } },
  );
}

/**
 * Selects and initialises the backend. Calls are serialised; a later call may switch backends.
 * Throws LumenError BACKEND_UNAVAILABLE when an explicit preference (option or LUMEN_BACKEND)
 * cannot be loaded, and CONFIG_INVALID for an unknown preference.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const run = pending.then(() => select(options));
  pending = run.catch(() => undefined);
  return run;
}

/** The backend chosen by the last successful initBackend(). */
export function activeBackend(): BackendInfo {
  if (active === undefined) {
    throw new LumenError(
      'BACKEND_UNAVAILABLE',
      'No backend selected yet: call (and await) initBackend() first.',
    );
  }
  const current = tf.engine().backendName;
  if (current !== active.name) {
    throw new LumenError(
      'BACKEND_UNAVAILABLE',
      `initBackend() selected '${active.name}', but TensorFlow.js now runs on '${String(current)}' ` +
        '(tf.setBackend was called elsewhere); call initBackend() again.',
      { details: { selected: active.name, current } },
    );
  }
  return { ...active, fallbackReasons: [...active.fallbackReasons] };
}

/**
 * Which backends could be used here, in 'auto' order. Loads each package to find out (an
 * installed tfjs-node switches the engine to itself on import; the previous backend is restored).
 */
export async function listAvailableBackends(
  options: { loader?: ModuleLoader } = {},
): Promise<BackendAvailability[]> {
  const loader = options.loader ?? defaultLoader;
  const before = tf.engine().backendName;
  const result: BackendAvailability[] = [];
  for (const candidate of CANDIDATES) {
    try {
      const { version } = await loadCandidate(candidate, loader);
      result.push({ name: candidate.name, package: candidate.package, available: true, version });
    } catch (error) {
      if (!(error instanceof CandidateFailure)) throw error;
      result.push({
        name: candidate.name,
        package: candidate.package,
        available: false,
        reason: error.message,
      });
    }
  }
  if (before != null && tf.engine().backendName !== before) await tf.setBackend(before);
  return result;
}

/** Forgets the selection (tests). The tfjs engine keeps whatever backend it has. */
export function resetBackendSelection(): void {
  active = undefined;
}
