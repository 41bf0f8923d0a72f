import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, targetGradients, tf, type ClassifierModel } from '@lumen/core';
import { makeTempDir, tinyCnn, writeLayersModel } from '@lumen/core/testing';
import { classify, ModelRecorder } from './counting-model.ts';

describe('ModelRecorder', () => {
  let dir: string;
  let model: ClassifierModel;
  const recorder = new ModelRecorder();
  const images = (n: number) =>
    tf.randomUniform([n, 16, 16, 3], 0, 255, 'float32', 7) as tf.Tensor4D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = await makeTempDir('lumen-bench-test-');
    model = await loadModel(
      await writeLayersModel(tinyCnn({ size: 16, classes: 3 }), path.join(dir, 'cnn')),
    );
  });
  afterAll(async () => {
    recorder.uninstall();
    model.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('counts images by kind of pass and batch size, and times the model work', () => {
    recorder.install();
    recorder.reset();
    const counted = recorder.wrap(model);
    const x = images(3);
    tf.dispose(counted.run(x).output);
    tf.dispose(Object.values(targetGradients(counted, x, 1)));
    tf.dispose(
      Object.values(targetGradients(counted, x, 2, { layer: 'last_conv' })) as tf.Tensor[],
    );
    tf.dispose(Object.values(targetGradients(counted, x, 0, { relu: 'guided' })));
    const usage = recorder.snapshot();
    recorder.uninstall();

    expect(usage.images).toEqual({
      forward: 6,
      'input-gradient': 3,
      'layer-gradient:last_conv': 3,
      'input-gradient/guided': 3,
    });
    expect(usage.batches['forward']).toEqual({ 3: 2 });
    expect(usage.calls).toBe(5);
    expect(usage.gradientCalls).toBe(3);
    expect(usage.modelMs).toBeGreaterThan(0);
    x.dispose();
  });

  it('does not charge gradients that never ran the model, and puts the engine back', () => {
    const engine = tf.engine() as unknown as { gradients: unknown };
    const original = engine.gradients;
    recorder.install();
    recorder.reset();
    const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.square(v)))(tf.tensor1d([1, 2]));
    expect(Array.from(dx.dataSync())).toEqual([2, 4]);
    expect(recorder.snapshot().gradientCalls).toBe(0);
    expect(recorder.snapshot().modelMs).toBe(0);
    recorder.uninstall();
    expect(engine.gradients).toBe(original);
    expect(Object.prototype.hasOwnProperty.call(engine, 'gradients')).toBe(false);
    dx.dispose();
  });

  it('gives the same results as the model it wraps', () => {
    const counted = recorder.wrap(model);
    const x = images(2);
    const direct = model.run(x, { output: 'logits' }).output;
    const wrapped = counted.run(x, { output: 'logits' }).output;
    expect(Array.from(wrapped.dataSync())).toEqual(Array.from(direct.dataSync()));
    expect(counted.lastConvLayer().name).toBe('last_conv');
    expect(counted.numClasses).toBe(3);
    tf.dispose([x, direct, wrapped]);
  });
});

describe('classify', () => {
  it('tells forward runs from runs differentiated at the input or at a fed layer', () => {
    const fed = { feed: { b: {} as tf.Tensor, a: {} as tf.Tensor } };
    expect(classify(false, fed)).toEqual({ kind: 'forward' });
    expect(classify(true, undefined)).toEqual({ kind: 'input-gradient', relu: 'standard' });
    expect(classify(true, { relu: 'guided' })).toEqual({ kind: 'input-gradient', relu: 'guided' });
    expect(classify(true, fed)).toEqual({ kind: 'layer-gradient', layer: 'a+b', relu: 'standard' });
  });
});
