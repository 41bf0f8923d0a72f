import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../tf.ts';
import {
  filterGradientByConvolution,
  planFilterGradient,
  type FilterGradPlan,
} from './conv2d-filter-grad.ts';
import { initBackend } from './select.ts';
import { wasmGradientKernelStatus } from './wasm-gradients.ts';
import { counts, relativeError, seeded } from './test-helpers.ts';

type Pad = tf.Conv2DBackpropFilterAttrs['pad'];
type Pair = [number, number];

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: Pair;
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

function dyFor(c: Case, seed: number): tf.Tensor4D {
  const info = tf.backend_util.computeConv2DInfo(
    c.x,
    c.filter,
    c.strides,
    1,
    c.pad,
    c.dimRoundingMode,
  );
  return seeded(info.outShape, seed) as tf.Tensor4D;
}

function runFilterKernel(
  x: tf.Tensor,
  dy: tf.Tensor,
  c: Case,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
): tf.Tensor {
  const attrs = {
    strides: c.strides,
    pad: c.pad,
    dataFormat,
    dimRoundingMode: c.dimRoundingMode,
    filterShape: c.filter,
  };
  return tf
    .engine()
    .runKernel(
      tf.Conv2DBackpropFilter,
      { x, dy },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
}

/** dW straight from its definition (any stride, dilation and padding). */
function naiveFilterGradient(x: tf.Tensor, dy: tf.Tensor, plan: FilterGradPlan): Float32Array {
  const xv = x.dataSync();
  const dv = dy.dataSync();
  const {
    batch: N,
    inHeight: H,
    inWidth: W,
    inChannels: CI,
    outHeight: OH,
    outWidth: OW,
    outChannels: CO,
  } = plan;
  const out = new Float32Array(plan.filterHeight * plan.filterWidth * CI * CO);
  for (let kh = 0; kh < plan.filterHeight; kh++)
    for (let kw = 0; kw < plan.filterWidth; kw++)
      for (let ci = 0; ci < CI; ci++)
        for (let co = 0; co < CO; co++) {
          let sum = 0;
          for (let n = 0; n < N; n++)
            for (let oh = 0; oh < OH; oh++) {
              const h = oh * plan.strideHeight + kh * plan.dilationHeight - plan.padTop;
              if (h < 0 || h >= H) continue;
              for (let ow = 0; ow < OW; ow++) {
                const w = ow * plan.strideWidth + kw * plan.dilationWidth - plan.padLeft;
                if (w < 0 || w >= W) continue;
                sum +=
                  (xv[((n * H + h) * W + w) * CI + ci] as number) *
                  (dv[((n * OH + oh) * OW + ow) * CO + co] as number);
              }
            }
          out[((kh * plan.filterWidth + kw) * CI + ci) * CO + co] = sum;
        }
  return out;
}

beforeAll(async () => {
  // The engine checks each kernel it runs for data ids left behind in the backend.
  tf.env().set('IS_TEST', true);
  const info = await initBackend({ prefer: 'wasm', env: {} });
  expect(info.gradientKernelsPatched).toBe(true);
  expect(wasmGradientKernelStatus().installed).toContainEqual({
    name: 'Conv2DBackpropFilter',
    kind: 'fast-path',
  });
});

describe('Conv2DBackpropFilter on wasm (convolution fast path) against the cpu kernel', () => {
  it.each(CASES)('$name', async (c) => {
    const x = seeded(c.x, 11);
    const dy = dyFor(c, 12);
    expect(typeof planFilterGradient(x, dy, { ...c, filterShape: c.filter })).toBe('object');
    const before = counts();
    const onWasm = runFilterKernel(x, dy, c);
    expect(onWasm.shape).toEqual(c.filter);
    const wasmValues = onWasm.dataSync().slice();
    onWasm.dispose();
    expect(counts()).toEqual(before);

    await tf.setBackend('cpu');
    const onCpu = runFilterKernel(x, dy, c);
    const cpuValues = onCpu.dataSync().slice();
    onCpu.dispose();
    await tf.setBackend('wasm');

    expect(relativeError(wasmValues, cpuValues)).toBeLessThan(1e-4);
    tf.dispose([x, dy]);
  });

  it('falls back to the cpu kernel for NCHW', async () => {
    const c: Case = {
      name: 'nchw',
      x: [2, 3, 7, 6],
      filter: [3, 3, 3, 4],
      strides: [2, 1],
      pad: 'same',
    };
    const x = seeded(c.x, 21);
    const info = tf.backend_util.computeConv2DInfo(
      c.x,
      c.filter,
      c.strides,
      1,
      c.pad,
      undefined,
      false,
      'channelsFirst',
    );
    const dy = seeded(info.outShape, 22);
    expect(planFilterGradient(x, dy, { ...c, filterShape: c.filter, dataFormat: 'NCHW' })).toMatch(
      /NCHW/,
    );
    const before = counts();
    const onWasm = runFilterKernel(x, dy, c, 'NCHW');
    const wasmValues = onWasm.dataSync().slice();
    onWasm.dispose();
    expect(counts()).toEqual(before);
    await tf.setBackend('cpu');
    const onCpu = runFilterKernel(x, dy, c, 'NCHW');
    const cpuValues = onCpu.dataSync().slice();
    onCpu.dispose();
    await tf.setBackend('wasm');
    expect(relativeError(wasmValues, cpuValues)).toBeLessThan(1e-6);
    tf.dispose([x, dy]);
  });

  it('refuses a dy whose shape does not match the convolution (bridge reports it)', () => {
    const x = seeded([1, 6, 6, 2], 1);
    const dy = seeded([1, 5, 5, 3], 2);
    expect(
      planFilterGradient(x, dy, { filterShape: [3, 3, 2, 3], strides: 1, pad: 'same' }),
    ).toMatch(/does not match/);
    tf.dispose([x, dy]);
  });
});

describe('the convolution trick with dilations (no tfjs kernel has these; checked against the definition)', () => {
  const dilated: Array<Case & { dilations: Pair }> = [
    {
      name: "dilation 2, 'same'",
      x: [2, 9, 9, 3],
      filter: [3, 3, 3, 4],
      strides: [1, 1],
      pad: 'same',
      dilations: [2, 2],
    },
    {
      name: "dilation (2,3), 'valid'",
      x: [1, 12, 13, 2],
      filter: [3, 2, 2, 3],
      strides: [1, 1],
      pad: 'valid',
      dilations: [2, 3],
    },
    {
      name: "stride 2 AND dilation 2, 'valid'",
      x: [2, 13, 14, 2],
      filter: [3, 3, 2, 3],
      strides: [2, 2],
      pad: 'valid',
      dilations: [2, 2],
    },
    {
      name: 'stride (3,2) AND dilation (2,3), explicit pads',
      x: [1, 15, 16, 3],
      filter: [2, 3, 3, 2],
      strides: [3, 2],
      pad: [
        [0, 0],
        [2, 1],
        [1, 3],
        [0, 0],
      ],
      dilations: [2, 3],
    },
  ];
  it.each(dilated)('$name', (c) => {
    const x = seeded(c.x, 31);
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad);
    const dy = seeded(info.outShape, 32);
    const plan = planFilterGradient(x, dy, { ...c, filterShape: c.filter });
    if (typeof plan === 'string') throw new Error(plan);
    const before = counts();
    const out = filterGradientByConvolution(tf.backend(), x, dy, plan);
    const result = tf.engine().makeTensorFromTensorInfo(out);
    expect(result.shape).toEqual(c.filter);
    expect(relativeError(result.dataSync(), naiveFilterGradient(x, dy, plan))).toBeLessThan(1e-4);
    result.dispose();
    expect(counts()).toEqual(before);
    tf.dispose([x, dy]);
  });
});
