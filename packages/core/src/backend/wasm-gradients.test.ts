import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tf, tfl } from '../tf.ts';
import { initBackend } from './select.ts';
import {
  installWasmGradientKernels,
  uninstallWasmGradientKernels,
  wasmGradientKernelStatus,
  WASM_BRIDGE_SKIPPED,
} from './wasm-gradients.ts';
import { counts, relativeError, seeded, valuesOn } from './test-helpers.ts';

const TOLERANCE = 1e-4;
const SIZE = 24;
const CLASSES = 5;

let seed = 100;

/** Gives every weight (BatchNorm statistics included) deterministic non-trivial values. */
function randomiseWeights(model: tfl.LayersModel): void {
  const weights = model.getWeights().map((w, i) => {
    const name = model.weights[i]?.name ?? '';
    const r = seeded(w.shape, seed++);
    if (/moving_variance|gamma/.test(name)) return tf.tidy(() => tf.add(tf.abs(r), 0.5));
    if (/moving_mean|beta|bias/.test(name)) return tf.tidy(() => tf.mul(r, 0.2));
    return tf.tidy(() =>
      tf.mul(r, Math.sqrt(3 / Math.max(1, w.size / w.shape[w.shape.length - 1]!))),
    );
  });
  model.setWeights(weights);
  tf.dispose(weights);
}

function convBn(
  x: tfl.SymbolicTensor,
  filters: number,
  kernelSize: number,
  strides = 1,
): tfl.SymbolicTensor {
  const conv = tfl.layers
    .conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false })
    .apply(x);
  return tfl.layers.batchNormalization().apply(conv) as tfl.SymbolicTensor;
}

/** conv(no bias)+BN+relu stem, then a residual block: conv+BN+relu, conv+BN, add, relu; GAP; dense softmax. */
function resnetBlock(): tfl.LayersModel {
  const input = tfl.input({ shape: [SIZE, SIZE, 3] });
  const stem = tfl.layers.reLU().apply(convBn(input, 8, 3, 2)) as tfl.SymbolicTensor;
  const branch = tfl.layers.reLU().apply(convBn(stem, 8, 3)) as tfl.SymbolicTensor;
  const sum = tfl.layers.add().apply([convBn(branch, 8, 3), stem]) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(tfl.layers.reLU().apply(sum));
  const output = tfl.layers
    .dense({ units: CLASSES, activation: 'softmax' })
    .apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  randomiseWeights(model);
  return model;
}

/** conv stride 2+BN+relu6, depthwise+BN+relu6, pointwise conv, GAP, dense. */
function mobilenetBlock(): tfl.LayersModel {
  const input = tfl.input({ shape: [SIZE, SIZE, 3] });
  const relu6 = () => tfl.layers.activation({ activation: 'relu6' });
  const stem = relu6().apply(convBn(input, 8, 3, 2)) as tfl.SymbolicTensor;
  const dw = tfl.layers
    .depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false })
    .apply(stem) as tfl.SymbolicTensor;
  const dwAct = relu6().apply(tfl.layers.batchNormalization().apply(dw)) as tfl.SymbolicTensor;
  const pw = tfl.layers.conv2d({ filters: 16, kernelSize: 1 }).apply(dwAct) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(pw);
  const output = tfl.layers.dense({ units: CLASSES }).apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  randomiseWeights(model);
  return model;
}

/** A small net with every kind of layer the demo models train: conv+bias+relu, conv+BN, depthwise, dense. */
function smallConvNet(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [12, 12, 3],
        filters: 6,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
      }),
      tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'valid', activation: 'relu' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  randomiseWeights(model);
  return model;
}

function classScore(model: tfl.LayersModel, cls: number) {
  return (x: tf.Tensor) => {
    const out = model.apply(x) as tf.Tensor;
    return tf.sum(tf.mul(out, tf.oneHot([cls], out.shape[1] as number)));
  };
}

beforeAll(async () => {
  const info = await initBackend({ prefer: 'wasm', env: {} });
  expect(info.name).toBe('wasm');
});

afterEach(() => {
  installWasmGradientKernels();
});

describe('installWasmGradientKernels', () => {
  it('installs the gradient kernels wasm lacks, computed at run time, and is idempotent', () => {
    const first = installWasmGradientKernels();
    const second = installWasmGradientKernels();
    expect(second).toEqual(first);
    for (const name of [
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'UnsortedSegmentSum',
      'Einsum',
    ]) {
      expect(first).toContain(name);
    }
    for (const name of Object.keys(WASM_BRIDGE_SKIPPED)) expect(first).not.toContain(name);
    const status = wasmGradientKernelStatus();
    expect(status.installed.filter((k) => k.kind === 'fast-path').map((k) => k.name)).toEqual([
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
    ]);
    expect(status.skipped.map((s) => s.name).sort()).toEqual([
      'Complex',
      'ComplexAbs',
      'FFT',
      'IFFT',
      'Imag',
      'Real',
    ]);
    expect(status.skipped[0]?.reason).toMatch(/complex64/);
  });

  it("can switch the fast paths off and on, and uninstall everything (restoring wasm's own kernel)", () => {
    const fastPath = tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc;
    installWasmGradientKernels({ conv2dFilterFastPath: false, conv2dInputFastPath: false });
    expect(wasmGradientKernelStatus().installed).toContainEqual({
      name: 'Conv2DBackpropFilter',
      kind: 'bridge',
    });
    expect(wasmGradientKernelStatus().installed.map((k) => k.name)).not.toContain(
      'Conv2DBackpropInput',
    );
    const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
    expect(original?.kernelFunc).not.toBe(fastPath);
    expect(original?.setupFunc).toBeDefined();
    installWasmGradientKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.setupFunc).toBe(original?.setupFunc);
    uninstallWasmGradientKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(original?.kernelFunc);
    expect(wasmGradientKernelStatus().installed).toEqual([]);
    installWasmGradientKernels();
    expect(wasmGradientKernelStatus().installed).toContainEqual({
      name: 'Conv2DBackpropFilter',
      kind: 'fast-path',
    });
  });

  it('without it, the gradient of a conv layer fails on wasm (the gap is real)', () => {
    const model = resnetBlock();
    const x = seeded([1, SIZE, SIZE, 3], 1);
    uninstallWasmGradientKernels();
    expect(() => tf.tidy(() => tf.grad(classScore(model, 2))(x))).toThrow(
      /Conv2DBackpropFilter.*wasm/,
    );
    installWasmGradientKernels();
    x.dispose();
    model.dispose();
  });
});

describe('gradients on wasm match the cpu backend', () => {
  it.each([
    ['fast paths', true],
    ["bridge and wasm's own Conv2DBackpropInput", false],
  ])(
    'input gradient of a class score through a ResNet-style block (%s)',
    async (_label, fastPath) => {
      installWasmGradientKernels({ conv2dFilterFastPath: fastPath, conv2dInputFastPath: fastPath });
      const model = resnetBlock();
      const x = seeded([2, SIZE, SIZE, 3], 2);
      const run = () => tf.grad(classScore(model, 3))(x);
      const [wasm] = await valuesOn('wasm', run);
      const [cpu] = await valuesOn('cpu', run);
      expect(Math.max(...Array.from(cpu!, Math.abs))).toBeGreaterThan(0);
      expect(relativeError(wasm!, cpu!)).toBeLessThan(TOLERANCE);
      x.dispose();
      model.dispose();
    },
  );

  it('input gradient through a MobileNet-style block (depthwise, relu6)', async () => {
    const model = mobilenetBlock();
    const x = seeded([1, SIZE, SIZE, 3], 3);
    const run = () => tf.grad(classScore(model, 1))(x);
    const [wasm] = await valuesOn('wasm', run);
    const [cpu] = await valuesOn('cpu', run);
    expect(relativeError(wasm!, cpu!)).toBeLessThan(TOLERANCE);
    x.dispose();
    model.dispose();
  });

  it('tf.grad of a model whose class is picked with tf.gather (UnsortedSegmentSum)', async () => {
    const model = resnetBlock();
    const x = seeded([1, SIZE, SIZE, 3], 4);
    const run = () =>
      tf.grad((input: tf.Tensor) => tf.sum(tf.gather(model.apply(input) as tf.Tensor, [4], 1)))(x);
    const [wasm] = await valuesOn('wasm', run);
    const [cpu] = await valuesOn('cpu', run);
    expect(relativeError(wasm!, cpu!)).toBeLessThan(TOLERANCE);
    x.dispose();
    model.dispose();
  });

  it('gradients w.r.t. every weight (variableGrads, BatchNorm in training mode)', async () => {
    const model = smallConvNet();
    const x = seeded([4, 12, 12, 3], 5);
    const labels = tf.oneHot(tf.tensor1d([0, 3, 1, 2], 'int32'), 4);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const run = () => {
      const { value, grads } = tf.variableGrads(
        () =>
          tf.mean(
            tfl.metrics.categoricalCrossentropy(
              labels,
              model.apply(x, { training: true }) as tf.Tensor,
            ),
          ) as tf.Scalar,
        vars,
      );
      return [value, ...vars.map((v) => grads[v.name] as tf.Tensor)];
    };
    const wasm = await valuesOn('wasm', run);
    const cpu = await valuesOn('cpu', run);
    expect(wasm).toHaveLength(vars.length + 1);
    wasm.forEach((values, i) => {
      expect(relativeError(values, cpu[i]!), `output ${i}`).toBeLessThan(TOLERANCE);
    });
    tf.dispose([x, labels]);
    model.dispose();
  });

  it('model.fit steps on wasm end with the same weights as on cpu', async () => {
    const model = smallConvNet();
    const initial = model.getWeights().map((w) => w.clone());
    const x = seeded([8, 12, 12, 3], 6);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 3, 2, 1, 0], 'int32'), 4);
    const trainOn = async (backend: string) => {
      await tf.setBackend(backend);
      model.setWeights(initial);
      model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
      await model.fit(x, y, { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
      return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    };
    const cpu = await trainOn('cpu');
    const wasm = await trainOn('wasm');
    wasm.forEach((values, i) => {
      expect(relativeError(values, cpu[i]!), `weight ${i}`).toBeLessThan(TOLERANCE);
      expect(relativeError(values, initial[i]!.dataSync())).toBeGreaterThan(0);
    });
    tf.dispose([...initial, x, y]);
    model.dispose();
  });
});

describe('no leaks', () => {
  it('repeated input and weight gradients leave tensors and both backends as they were', () => {
    const resnet = resnetBlock();
    const mobile = mobilenetBlock();
    const x = seeded([2, SIZE, SIZE, 3], 7);
    const step = () => {
      const a = tf.grad(classScore(resnet, 0))(x);
      const b = tf.grad((input: tf.Tensor) =>
        tf.sum(tf.gather(mobile.apply(input) as tf.Tensor, [2], 1)),
      )(x);
      const vars = resnet.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => classScore(resnet, 1)(x) as tf.Scalar, vars);
      tf.dispose([a, b, value, ...Object.values(grads)]);
    };
    step();
    const before = counts();
    for (let i = 0; i < 5; i++) step();
    expect(counts()).toEqual(before);
    x.dispose();
    resnet.dispose();
    mobile.dispose();
  });
});
