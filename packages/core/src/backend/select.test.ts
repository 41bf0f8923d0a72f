import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tf } from '../tf.ts';
import { isLumenError, type LumenError } from '../errors.ts';
import {
  activeBackend,
  initBackend,
  listAvailableBackends,
  resetBackendSelection,
  type ModuleLoader,
} from './select.ts';

const NODE = '@tensorflow/tfjs-node';
const NODE_GPU = '@tensorflow/tfjs-node-gpu';
const WASM = '@tensorflow/tfjs-backend-wasm';

function notInstalled(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /app/index.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

type Fake =
  | 'absent'
  | 'broken'
  | { gpu: boolean; core?: string; engine?: 'ours' | 'foreign'; register?: boolean };

/** A loader that pretends tfjs-node(-gpu) are present, absent or broken; real imports otherwise. */
function fakeLoader(fakes: Partial<Record<string, Fake>>): ModuleLoader {
  return async (name) => {
    const fake = fakes[name];
    if (fake === undefined) return import(name);
    if (fake === 'absent') throw notInstalled(name);
    if (fake === 'broken')
      throw new Error(
        'libtensorflow.so.2: cannot open shared object file: No such file or directory',
      );
    if (fake.register !== false && tf.findBackendFactory('tensorflow') == null) {
      const CpuBackend = tf.findBackend('cpu').constructor as new () => tf.KernelBackend;
      tf.registerBackend(
        'tensorflow',
        () => Object.assign(new CpuBackend(), { isUsingGpuDevice: fake.gpu }),
        3,
      );
    }
    return {
      engine: fake.engine === 'foreign' ? () => ({}) : tf.engine,
      version: { 'tfjs-core': fake.core ?? tf.version_core, 'tfjs-node': '4.22.0' },
    };
  };
}

const noNative = fakeLoader({ [NODE_GPU]: 'absent', [NODE]: 'absent' });

beforeEach(() => {
  resetBackendSelection();
});

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow') != null) tf.removeBackend('tensorflow');
  if (tf.engine().backendName !== 'wasm') await tf.setBackend('wasm');
});

describe('initBackend', () => {
  it("'auto' without tfjs-node picks wasm, patches its gradient kernels and says why", async () => {
    const lines: string[] = [];
    const info = await initBackend({ env: {}, loader: noNative, log: (l) => lines.push(l) });
    expect(info).toEqual({
      name: 'wasm',
      device: 'cpu',
      package: WASM,
      version: '4.22.0',
      gradientKernelsPatched: true,
      fallbackReasons: [`${NODE_GPU}: not installed`, `${NODE}: not installed`],
    });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(activeBackend()).toEqual(info);
    expect(lines.at(-1)).toMatch(/backend: wasm/);
    expect(lines.filter((l) => l.includes('skipped'))).toHaveLength(2);
  });

  it('with the real loader, the uninstalled tfjs-node packages are reported as not installed', async () => {
    const info = await initBackend({ env: {} });
    expect(info.name).toBe('wasm');
    expect(info.fallbackReasons).toEqual([`${NODE_GPU}: not installed`, `${NODE}: not installed`]);
  });

  it('takes tfjs-node-gpu first when it loads into our engine and reports the GPU', async () => {
    const info = await initBackend({ env: {}, loader: fakeLoader({ [NODE_GPU]: { gpu: true } }) });
    expect(info).toMatchObject({
      name: 'tensorflow',
      device: 'gpu',
      package: NODE_GPU,
      version: '4.22.0',
    });
    expect(info.gradientKernelsPatched).toBe(false);
    expect(info.fallbackReasons).toEqual([]);
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it('tfjs-node-gpu without a usable GPU runs on the CPU and says so', async () => {
    const info = await initBackend({ env: {}, loader: fakeLoader({ [NODE_GPU]: { gpu: false } }) });
    expect(info).toMatchObject({ name: 'tensorflow', device: 'cpu', package: NODE_GPU });
    expect(info.fallbackReasons[0]).toMatch(/no usable GPU/);
  });

  it('falls from a broken tfjs-node-gpu to a working tfjs-node', async () => {
    const info = await initBackend({
      env: {},
      loader: fakeLoader({ [NODE_GPU]: 'broken', [NODE]: { gpu: false } }),
    });
    expect(info).toMatchObject({ name: 'tensorflow', device: 'cpu', package: NODE });
    expect(info.fallbackReasons).toEqual([
      `${NODE_GPU}: failed to load: libtensorflow.so.2: cannot open shared object file: No such file or directory`,
    ]);
  });

  it.each([
    [
      'uses a different engine',
      { gpu: false, engine: 'foreign' as const },
      /different TensorFlow\.js engine/,
    ],
    [
      'was built on another tfjs-core',
      { gpu: false, core: '4.10.0' },
      /tfjs-core 4\.10\.0 while Lumen uses 4\.22\.0/,
    ],
    [
      'registered into another tfjs-core copy',
      { gpu: false, register: false },
      /no 'tensorflow' backend was registered/,
    ],
  ])('rejects tfjs-node that %s', async (_label, fake, reason) => {
    const info = await initBackend({
      env: {},
      loader: fakeLoader({ [NODE_GPU]: 'absent', [NODE]: fake }),
    });
    expect(info.name).toBe('wasm');
    expect(info.fallbackReasons[1]).toMatch(reason);
  });

  it("reads a CommonJS package's exports from `default` when Node exposes only that", async () => {
    const loader: ModuleLoader = async (name) => {
      if (name === NODE_GPU) throw notInstalled(name);
      if (name !== NODE) return import(name);
      const module = (await fakeLoader({ [NODE]: { gpu: false } })(name)) as Record<
        string,
        unknown
      >;
      return { default: module };
    };
    const info = await initBackend({ env: {}, loader });
    expect(info).toMatchObject({ name: 'tensorflow', package: NODE, version: '4.22.0' });
  });

  it('falls back to cpu when wasm cannot load', async () => {
    const info = await initBackend({
      env: {},
      loader: fakeLoader({ [NODE_GPU]: 'absent', [NODE]: 'absent', [WASM]: 'broken' }),
    });
    expect(info).toMatchObject({
      name: 'cpu',
      device: 'cpu',
      package: '@tensorflow/tfjs-backend-cpu',
      version: '4.22.0',
    });
    expect(info.gradientKernelsPatched).toBe(false);
    expect(info.fallbackReasons).toHaveLength(3);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('LUMEN_BACKEND overrides the prefer option', async () => {
    const info = await initBackend({
      prefer: 'wasm',
      env: { LUMEN_BACKEND: 'CPU ' },
      loader: noNative,
    });
    expect(info.name).toBe('cpu');
    expect(info.fallbackReasons).toEqual([]);
  });

  it('an explicit preference that cannot load throws BACKEND_UNAVAILABLE naming failures and alternatives', async () => {
    let caught: unknown;
    try {
      await initBackend({
        prefer: 'tensorflow',
        env: {},
        loader: fakeLoader({ [NODE_GPU]: 'absent', [NODE]: 'broken' }),
      });
    } catch (error) {
      caught = error;
    }
    expect(isLumenError(caught, 'BACKEND_UNAVAILABLE')).toBe(true);
    const message = (caught as LumenError).message;
    expect(message).toContain(`${NODE_GPU}: not installed`);
    expect(message).toContain(`${NODE}: failed to load: libtensorflow.so.2`);
    expect(message).toContain(`Available: wasm (${WASM}), cpu (@tensorflow/tfjs-backend-cpu)`);
    expect((caught as LumenError).details['source']).toBe('prefer option');
  });

  it('names LUMEN_BACKEND as the source when the override cannot load', async () => {
    const failing = initBackend({
      env: { LUMEN_BACKEND: 'wasm' },
      loader: fakeLoader({ [WASM]: 'broken', [NODE]: 'absent', [NODE_GPU]: 'absent' }),
    });
    await expect(failing).rejects.toThrow(
      /Backend 'wasm' \(from LUMEN_BACKEND\) is unavailable.*Available: cpu/,
    );
  });

  it('rejects an unknown LUMEN_BACKEND value', async () => {
    await expect(initBackend({ env: { LUMEN_BACKEND: 'webgpu' } })).rejects.toSatisfy((e) =>
      isLumenError(e, 'CONFIG_INVALID'),
    );
  });

  it('serialises concurrent calls', async () => {
    const [a, b] = await Promise.all([
      initBackend({ prefer: 'cpu', env: {}, loader: noNative }),
      initBackend({ prefer: 'wasm', env: {}, loader: noNative }),
    ]);
    expect([a.name, b.name]).toEqual(['cpu', 'wasm']);
    expect(activeBackend().name).toBe('wasm');
  });
});

describe('activeBackend', () => {
  it('throws until initBackend has run', () => {
    expect(() => activeBackend()).toThrow(/call \(and await\) initBackend\(\)/);
  });

  it('throws when tf.setBackend switched away behind its back', async () => {
    await initBackend({ prefer: 'wasm', env: {}, loader: noNative });
    await tf.setBackend('cpu');
    expect(() => activeBackend()).toThrow(/selected 'wasm', but TensorFlow\.js now runs on 'cpu'/);
  });

  it('returns a copy', async () => {
    await initBackend({ env: {}, loader: noNative });
    activeBackend().fallbackReasons.push('tampered');
    expect(activeBackend().fallbackReasons).toHaveLength(2);
  });
});

describe('listAvailableBackends', () => {
  it('lists every candidate in auto order with versions or reasons, leaving the engine as it was', async () => {
    await initBackend({ prefer: 'wasm', env: {}, loader: noNative });
    const list = await listAvailableBackends({
      loader: fakeLoader({ [NODE_GPU]: 'absent', [NODE]: { gpu: false } }),
    });
    expect(list).toEqual([
      { name: 'tensorflow', package: NODE_GPU, available: false, reason: 'not installed' },
      { name: 'tensorflow', package: NODE, available: true, version: '4.22.0' },
      { name: 'wasm', package: WASM, available: true, version: '4.22.0' },
      { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', available: true, version: '4.22.0' },
    ]);
    expect(tf.getBackend()).toBe('wasm');
  });
});
