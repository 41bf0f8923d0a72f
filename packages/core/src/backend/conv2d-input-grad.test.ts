import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../tf.ts';
import { planInputGradient } from './conv2d-input-grad.ts';
import { initBackend } from './select.ts';
import { wasmGradientKernelStatus } from './wasm-gradients.ts';
import { counts, relativeError, seeded } from './test-helpers.ts';

type Pad = tf.Conv2DBackpropInputAttrs['pad'];

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const CASES: Case[] = [
  {
    name: "3x3 'same' stride 1",
    x: [2, 9, 9, 3],
    filter: [3, 3, 3, 4],
    strides: [1, 1],
    pad: 'same',
  },
  {
    name: "3x3 'same' stride 2, odd input",
    x: [2, 9, 9, 3],
    filter: [3, 3, 3, 4],
    strides: [2, 2],
    pad: 'same',
  },
  {
    name: "3x3 'same' stride 2, even input",
    x: [1, 8, 10, 3],
    filter: [3, 3, 3, 4],
    strides: [2, 2],
    pad: 'same',
  },
  {
    name: "4x4 'same' stride 2 (asymmetric pads)",
    x: [2, 10, 10, 3],
    filter: [4, 4, 3, 4],
    strides: [2, 2],
    pad: 'same',
  },
  {
    name: "2x2 'same' stride 2",
    x: [1, 7, 8, 2],
    filter: [2, 2, 2, 3],
    strides: [2, 2],
    pad: 'same',
  },
  {
    name: "2x4 'same' stride (1,3)",
    x: [2, 6, 11, 2],
    filter: [2, 4, 2, 3],
    strides: [1, 3],
    pad: 'same',
  },
  {
    name: "'valid' stride 1",
    x: [3, 8, 7, 2],
    filter: [3, 2, 2, 5],
    strides: [1, 1],
    pad: 'valid',
  },
  {
    name: "'valid' stride (2,3), unread last rows",
    x: [2, 10, 11, 3],
    filter: [2, 3, 3, 4],
    strides: [2, 3],
    pad: 'valid',
  },
  {
    name: "'valid' stride 3, unread rows and cols",
    x: [1, 11, 12, 2],
    filter: [3, 3, 2, 5],
    strides: [3, 3],
    pad: 'valid',
  },
  {
    name: 'explicit asymmetric pads stride 2',
    x: [1, 12, 12, 2],
    filter: [3, 3, 2, 5],
    strides: [2, 2],
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  {
    name: 'explicit pads wider than the kernel',
    x: [1, 6, 7, 2],
    filter: [1, 2, 2, 3],
    strides: [1, 2],
    pad: [
      [0, 0],
      [2, 1],
      [3, 2],
      [0, 0],
    ],
  },
  {
    name: 'numeric pad 1, ceil rounding',
    x: [2, 10, 9, 2],
    filter: [3, 3, 2, 3],
    strides: [2, 2],
    pad: 1,
    dimRoundingMode: 'ceil',
  },
  {
    name: 'numeric pad 2, floor rounding',
    x: [1, 9, 9, 3],
    filter: [5, 5, 3, 2],
    strides: [2, 2],
    pad: 2,
    dimRoundingMode: 'floor',
  },
  { name: '1x1 stride 1', x: [2, 5, 6, 7], filter: [1, 1, 7, 4], strides: [1, 1], pad: 'valid' },
  {
    name: '1x1 stride 2 (ResNet projection)',
    x: [2, 8, 8, 6],
    filter: [1, 1, 6, 8],
    strides: [2, 2],
    pad: 'valid',
  },
  {
    name: "7x7 'same' stride 2 (ResNet stem)",
    x: [1, 32, 32, 3],
    filter: [7, 7, 3, 8],
    strides: [2, 2],
    pad: 'same',
  },
  {
    name: 'single channel in and out, batch 3',
    x: [3, 6, 6, 1],
    filter: [3, 3, 1, 1],
    strides: [1, 1],
    pad: 'same',
  },
  {
    name: 'filter as large as the input',
    x: [2, 5, 4, 3],
    filter: [5, 4, 3, 2],
    strides: [1, 1],
    pad: 'valid',
  },
];

function runInputKernel(
  dy: tf.Tensor,
  filter: tf.Tensor,
  c: Case,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
): tf.Tensor {
  const attrs = {
    inputShape: c.x,
    strides: c.strides,
    pad: c.pad,
    dataFormat,
    dimRoundingMode: c.dimRoundingMode,
  };
  return tf
    .engine()
    .runKernel(
      tf.Conv2DBackpropInput,
      { dy, filter },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
}

async function compare(c: Case, dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Promise<number> {
  const format = dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst';
  const info = tf.backend_util.computeConv2DInfo(
    c.x,
    c.filter,
    c.strides,
    1,
    c.pad,
    c.dimRoundingMode,
    false,
    format,
  );
  const dy = seeded(info.outShape, 41);
  const filter = seeded(c.filter, 42);
  const before = counts();
  const onWasm = runInputKernel(dy, filter, c, dataFormat);
  expect(onWasm.shape).toEqual(c.x);
  const wasmValues = onWasm.dataSync().slice();
  onWasm.dispose();
  expect(counts()).toEqual(before);
  await tf.setBackend('cpu');
  const onCpu = runInputKernel(dy, filter, c, dataFormat);
  const cpuValues = onCpu.dataSync().slice();
  onCpu.dispose();
  await tf.setBackend('wasm');
  tf.dispose([dy, filter]);
  return relativeError(wasmValues, cpuValues);
}

beforeAll(async () => {
  // The engine checks each kernel it runs for data ids left behind in the backend.
  tf.env().set('IS_TEST', true);
  await initBackend({ prefer: 'wasm', env: {} });
  expect(wasmGradientKernelStatus().installed).toContainEqual({
    name: 'Conv2DBackpropInput',
    kind: 'fast-path',
  });
});

describe('Conv2DBackpropInput on wasm (convolution fast path) against the cpu kernel', () => {
  it.each(CASES)('$name', async (c) => {
    const info = tf.backend_util.computeConv2DInfo(
      c.x,
      c.filter,
      c.strides,
      1,
      c.pad,
      c.dimRoundingMode,
    );
    const probe = { dy: tf.zeros(info.outShape), filter: tf.zeros(c.filter) };
    expect(
      typeof planInputGradient(probe.dy, probe.filter, {
        inputShape: c.x,
        ...c,
        dataFormat: 'NHWC',
      }),
    ).toBe('object');
    tf.dispose([probe.dy, probe.filter]);
    expect(await compare(c)).toBeLessThan(1e-4);
  });

  it("falls back to wasm's own kernel for NCHW", async () => {
    const c: Case = {
      name: 'nchw',
      x: [2, 3, 7, 6],
      filter: [3, 3, 3, 4],
      strides: [2, 1],
      pad: 'same',
    };
    expect(await compare(c, 'NCHW')).toBeLessThan(1e-5);
  });
});
