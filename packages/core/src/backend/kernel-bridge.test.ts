import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../tf.ts';
import { isLumenError } from '../errors.ts';
import { createBridgeKernel, kernelsMissingFrom } from './kernel-bridge.ts';
import { initBackend } from './select.ts';
import { counts, relativeError, seeded, valuesOn } from './test-helpers.ts';

const SYNTHETIC = ['LumenTestSigns', 'LumenTestPassThrough', 'LumenTestJoin', 'LumenTestThrows'];

function cpuData(backend: unknown, info: tf.TensorInfo): tf.BackendValues {
  return (backend as tf.KernelBackend).readSync(info.dataId);
}

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', env: {} });
  // The engine checks each kernel it runs for data ids left behind in the backend.
  tf.env().set('IS_TEST', true);
  // Synthetic cpu kernels exercise every dtype, array inputs, aliasing and failure.
  tf.registerKernel({
    kernelName: 'LumenTestSigns',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend }) => {
      const cpu = backend as tf.KernelBackend & {
        makeTensorInfo(s: number[], d: tf.DataType, v: unknown): tf.TensorInfo;
      };
      const x = inputs['x'] as tf.TensorInfo;
      const v = cpuData(cpu, x) as Float32Array;
      return [
        cpu.makeTensorInfo(x.shape, 'float32', v.map(Math.abs)),
        cpu.makeTensorInfo(x.shape, 'int32', Int32Array.from(v, Math.sign)),
        cpu.makeTensorInfo(
          x.shape,
          'bool',
          Uint8Array.from(v, (a) => (a > 0 ? 1 : 0)),
        ),
        // a plain array for an int32 output: the bridge must convert it
        cpu.makeTensorInfo([2], 'int32', [v.length, -7]),
      ];
    },
  });
  tf.registerKernel({
    kernelName: 'LumenTestPassThrough',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs['x'] as tf.TensorInfo;
      (backend as tf.KernelBackend).incRef(x.dataId);
      return x;
    },
  });
  tf.registerKernel({
    kernelName: 'LumenTestJoin',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const list = inputs as unknown as tf.TensorInfo[];
      if (!Array.isArray(list)) throw new Error('inputs should stay an array');
      const cpu = backend as tf.KernelBackend & {
        makeTensorInfo(s: number[], d: tf.DataType, v: unknown): tf.TensorInfo;
      };
      const parts = list.map((t) =>
        (cpuData(cpu, t) as unknown as Uint8Array[]).map((b) => tf.util.decodeString(b)).join(''),
      );
      return cpu.makeTensorInfo([1], 'string', [parts.join(String(attrs?.['separator']))]);
    },
  });
  tf.registerKernel({
    kernelName: 'LumenTestThrows',
    backendName: 'cpu',
    kernelFunc: () => {
      throw new Error('boom');
    },
  });
  for (const name of SYNTHETIC)
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: createBridgeKernel(name),
    });
});

afterAll(() => {
  for (const name of SYNTHETIC) {
    tf.unregisterKernel(name, 'cpu');
    tf.unregisterKernel(name, 'wasm');
  }
});

describe('createBridgeKernel', () => {
  it('carries float32, int32 and bool outputs of a multi-output kernel into wasm', () => {
    const before = counts();
    const x = tf.tensor1d([-2.5, 0, 3, -1]);
    const [abs, sign, positive, extra] = tf
      .engine()
      .runKernel('LumenTestSigns', { x }, {}) as tf.Tensor[];
    expect(tf.getBackend()).toBe('wasm');
    expect(abs?.dtype).toBe('float32');
    expect(Array.from(abs!.dataSync())).toEqual([2.5, 0, 3, 1]);
    expect(sign?.dtype).toBe('int32');
    expect(Array.from(sign!.dataSync())).toEqual([-1, 0, 1, -1]);
    expect(positive?.dtype).toBe('bool');
    expect(Array.from(positive!.dataSync())).toEqual([0, 0, 1, 0]);
    expect(Array.from(extra!.dataSync())).toEqual([4, -7]);
    // the outputs are ordinary wasm tensors
    const one = tf.scalar(1, 'int32');
    const plusOne = tf.add(sign!, one);
    expect(Array.from(plusOne.dataSync())).toEqual([0, 1, 2, 0]);
    tf.dispose([x, abs!, sign!, positive!, extra!, one, plusOne]);
    expect(counts()).toEqual(before);
  });

  it('frees a source output that aliases its input exactly once', () => {
    const before = counts();
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.engine().runKernel('LumenTestPassThrough', { x }, {}) as tf.Tensor;
    expect(y.dataId).not.toBe(x.dataId);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([x, y]);
    expect(counts()).toEqual(before);
  });

  it('keeps array inputs as arrays and carries strings both ways', () => {
    const before = counts();
    const a = tf.tensor1d(['lu', 'men'], 'string');
    const b = tf.tensor1d(['ok'], 'string');
    const out = tf.engine().runKernel('LumenTestJoin', [a, b] as unknown as tf.NamedTensorMap, {
      separator: '+',
    }) as tf.Tensor;
    expect(out.dtype).toBe('string');
    expect(out.arraySync()).toEqual(['lumen+ok']);
    tf.dispose([a, b, out]);
    expect(counts()).toEqual(before);
  });

  it('frees its copies when the source kernel throws', () => {
    const before = counts();
    const x = tf.ones([3, 3]);
    expect(() => tf.engine().runKernel('LumenTestThrows', { x }, {})).toThrow('boom');
    x.dispose();
    expect(counts()).toEqual(before);
  });

  it('refuses complex64 with a LumenError naming the kernel', async () => {
    await tf.setBackend('cpu');
    const c = tf.complex([1, 2], [3, 4]);
    await tf.setBackend('wasm');
    let caught: unknown;
    try {
      tf.engine().runKernel('LumenTestPassThrough', { x: c }, {});
    } catch (error) {
      caught = error;
    }
    expect(isLumenError(caught, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect(String((caught as Error).message)).toMatch(/LumenTestPassThrough.*complex64/);
    c.dispose();
  });

  it('finds the kernels cpu has and wasm lacks at run time', async () => {
    const { uninstallWasmGradientKernels, installWasmGradientKernels, WASM_BRIDGE_SKIPPED } =
      await import('./wasm-gradients.ts');
    uninstallWasmGradientKernels();
    const missing = kernelsMissingFrom('wasm', 'cpu');
    expect(missing).toContain('UnsortedSegmentSum');
    expect(missing).toContain('Conv2DBackpropFilter');
    expect(missing).not.toContain('Conv2D');
    installWasmGradientKernels();
    // once installed, only the deliberately skipped ones remain missing
    expect(kernelsMissingFrom('wasm', 'cpu')).toEqual(Object.keys(WASM_BRIDGE_SKIPPED).sort());
  });
});

describe('bridged tfjs kernels on wasm (installed by installWasmGradientKernels)', () => {
  beforeAll(async () => {
    const { installWasmGradientKernels } = await import('./wasm-gradients.ts');
    installWasmGradientKernels();
  });

  it('UnsortedSegmentSum matches cpu for float32 and int32', async () => {
    const before = counts();
    const run = () => [
      tf.unsortedSegmentSum(seeded([6, 3], 1), tf.tensor1d([0, 2, 0, 4, 2, 2], 'int32'), 5),
      tf.unsortedSegmentSum(
        tf.tensor2d(
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
          undefined,
          'int32',
        ),
        tf.tensor1d([1, 1, 0], 'int32'),
        3,
      ),
    ];
    const wasm = await valuesOn('wasm', run);
    const cpu = await valuesOn('cpu', run);
    expect(relativeError(wasm[0]!, cpu[0]!)).toBeLessThan(1e-6);
    expect(Array.from(wasm[1]!)).toEqual([5, 6, 4, 6, 0, 0]);
    expect(counts()).toEqual(before);
  });

  it('Einsum (array inputs) matches cpu', async () => {
    const run = () => tf.einsum('ij,jk->ik', seeded([3, 4], 2), seeded([4, 5], 3));
    expect(
      relativeError((await valuesOn('wasm', run))[0]!, (await valuesOn('cpu', run))[0]!),
    ).toBeLessThan(1e-6);
  });

  it('RaggedRange (two outputs, int32 and float32) works', () => {
    const before = counts();
    const starts = tf.tensor1d([0, 5]);
    const limits = tf.tensor1d([3, 6]);
    const deltas = tf.tensor1d([1, 0.5]);
    const ragged = tf.raggedRange(starts, limits, deltas);
    const rtNestedSplits = ragged.rtNestedSplits as tf.Tensor;
    const rtDenseValues = ragged.rtDenseValues as tf.Tensor;
    expect(rtNestedSplits.dtype).toBe('int32');
    expect(Array.from(rtNestedSplits.dataSync())).toEqual([0, 3, 5]);
    expect(Array.from(rtDenseValues.dataSync())).toEqual([0, 1, 2, 5, 5.5]);
    tf.dispose([rtNestedSplits, rtDenseValues, starts, limits, deltas]);
    expect(counts()).toEqual(before);
  });

  it('StaticRegexReplace (strings) works', () => {
    const out = tf.string.staticRegexReplace(['tensor', 'flow'], 'o', '0');
    expect(out.arraySync()).toEqual(['tens0r', 'fl0w']);
    out.dispose();
  });

  it('depthwise conv backprops match cpu', async () => {
    const x = seeded([2, 9, 8, 3], 4);
    const filter = seeded([3, 3, 3, 2], 5);
    const dy = seeded([2, 5, 4, 6], 6);
    const conv = (xx: tf.Tensor, ff: tf.Tensor) =>
      tf.depthwiseConv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, 2, 'same');
    // input and filter gradients: DepthwiseConv2dNativeBackpropInput / ...BackpropFilter
    const run = () =>
      tf.grads((xx: tf.Tensor, ff: tf.Tensor) => tf.sum(tf.mul(conv(xx, ff), dy)))([x, filter]);
    const wasm = await valuesOn('wasm', run);
    const cpu = await valuesOn('cpu', run);
    expect(relativeError(wasm[0]!, cpu[0]!)).toBeLessThan(1e-5);
    expect(relativeError(wasm[1]!, cpu[1]!)).toBeLessThan(1e-5);
    tf.dispose([x, filter, dy]);
  });

  it('complex kernels stay unregistered on wasm, on purpose', () => {
    expect(tf.getKernel('FFT', 'wasm')).toBeUndefined();
    expect(() => tf.complex([1], [2])).toThrow(/Complex/);
  });
});
