import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, tf, type ClassifierModel } from '@lumen/core';
import { makeTempDir, tinyCnn, writeLayersModel } from '@lumen/core/testing';
import { FORWARD, INPUT_GRADIENT } from './passes.ts';
import { memoryModel, preparePass, sweepPass } from './reference.ts';

describe('throughput sweeps', () => {
  let dir: string;
  let model: ClassifierModel;
  let image: tf.Tensor3D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await makeTempDir('lumen-bench-test-');
    model = await loadModel(
      await writeLayersModel(tinyCnn({ size: 16, classes: 3 }), path.join(dir, 'cnn')),
    );
    image = tf.randomUniform([16, 16, 3], 0, 255, 'float32', 3) as tf.Tensor3D;
  });
  afterAll(async () => {
    image.dispose();
    model.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('predicts the peak tensor memory of a larger batch from batches of 1 and 2', async () => {
    for (const pass of [FORWARD, INPUT_GRADIENT]) {
      const predict = await memoryModel(model, image, pass, 1);
      const prepared = preparePass(model, image, pass, 1, 12);
      const info = await tf.profile(() => {
        prepared.run();
        return [];
      });
      prepared.dispose();
      expect(predict(12) / info.peakBytes).toBeGreaterThan(0.8);
      expect(predict(12) / info.peakBytes).toBeLessThan(1.25);
    }
  });

  it('skips batch sizes over the memory budget and picks the fastest of the rest', async () => {
    const predict = await memoryModel(model, image, INPUT_GRADIENT, 0);
    const lines: string[] = [];
    const sweep = await sweepPass(model, image, INPUT_GRADIENT, 0, {
      batchSizes: [1, 4, 512],
      metric: 'cpu',
      minMs: 0,
      minCalls: 2,
      maxCalls: 2,
      memoryBudgetBytes: predict(16),
      memoryHeadroom: 1,
      log: (line) => lines.push(line),
    });
    expect(sweep.points.map((p) => p.batchSize)).toEqual([1, 4, 512]);
    expect(sweep.points[2]?.skipped).toMatch(/over the \d+ MiB budget/);
    expect(sweep.points[2]?.msPerImage).toBeUndefined();
    expect(sweep.points.slice(0, 2).every((p) => p.calls === 2 && (p.cpuMsPerImage ?? 0) > 0)).toBe(
      true,
    );
    const fastest = Math.min(...sweep.points.slice(0, 2).map((p) => p.cpuMsPerImage as number));
    expect(sweep.best.cpuMsPerImage).toBe(fastest);
    expect(lines).toHaveLength(3);
  });
});
