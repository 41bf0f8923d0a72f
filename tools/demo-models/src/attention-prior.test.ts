import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '@lumen/core';
import { generateDemoDataset, toLabelTensor, type DemoSample } from '@lumen/core/demo';
import { createAttentionStep, offObjectWeights } from './attention-prior.ts';
import { modelInput } from './evaluate.ts';
import { buildDemoClassifier, LAST_CONV_LAYER } from './model.ts';
import { CLASS_NAMES } from './recipe.ts';

beforeAll(async () => {
  await initBackend();
});

/** A size x size sample whose mask is 1 on the given pixels only. */
function maskedSample(onPixels: [number, number][], size = 16): DemoSample {
  const mask = new Uint8Array(size * size);
  for (const [x, y] of onPixels) mask[y * size + x] = 1;
  return { width: size, height: size, mask } as unknown as DemoSample;
}

describe('offObjectWeights', () => {
  it('is 0 on cells whose 2x2 central pixels are on the mask, 1 off it, and the share in between', async () => {
    // Grid 4x4 over 16 px: cells of 4 px, central pixels 1 and 2 of each cell.
    const sample = maskedSample([
      [9, 5],
      [10, 5],
      [9, 6],
      [10, 6], // cell (x 2, y 1): all four central pixels
      [1, 13], // cell (0, 3): one of four
      [0, 0],
      [3, 3], // cell (0, 0): corners only, not central
    ]);
    const weights = offObjectWeights([sample], 4, 4);
    expect(weights.shape).toEqual([1, 4, 4, 1]);
    const values = Array.from(await weights.data());
    weights.dispose();
    const expected = Array.from({ length: 16 }, () => 1);
    expected[1 * 4 + 2] = 0;
    expected[3 * 4 + 0] = 0.75;
    expect(values).toEqual(expected);
  });

  it('uses the single central pixel of odd-sized cells', async () => {
    // Cells of 3 px: the central pixel of cell (0, 0) is (1, 1).
    const weights = offObjectWeights([maskedSample([[1, 1]], 15)], 5, 5);
    const values = Array.from(await weights.data());
    weights.dispose();
    expect(values[0]).toBe(0);
    expect(values.slice(1).every((v) => v === 1)).toBe(true);
  });
});

describe('createAttentionStep', () => {
  it('lowers the off-object share of last_conv activation, without leaking tensors', async () => {
    const model = buildDemoClassifier({ seed: 3, classCount: CLASS_NAMES.length });
    const optimizer = tf.train.adam(1e-2);
    const step = createAttentionStep(model, LAST_CONV_LAYER, optimizer, 5);
    const batch = generateDemoDataset({ seed: 11, count: 16 });
    const x = modelInput(batch);
    const y = toLabelTensor(batch, CLASS_NAMES.length);
    const offObject = offObjectWeights(batch, 8, 8);
    const first = await step(x, y, offObject);
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 30; i++) last = await step(x, y, offObject);
    expect(tf.memory().numTensors).toBe(before);
    expect(first.offObjectShare).toBeGreaterThan(0.5);
    expect(last.offObjectShare).toBeLessThan(first.offObjectShare / 2);
    expect(last.loss).toBeCloseTo(last.crossEntropy + 5 * last.offObjectShare, 4);
    expect(last.correct).toBeGreaterThanOrEqual(0);
    expect(last.correct).toBeLessThanOrEqual(16);
    tf.dispose([x, y, offObject]);
    optimizer.dispose();
    model.dispose();
  });
});
