import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, tfl } from '../tf.ts';
import { makeTempDir, writeLayersModel } from '../testing/model-fixtures.ts';
import { targetGradients } from './gradients.ts';
import { loadModel } from './load-model.ts';

const close = (values: ArrayLike<number>, digits = 4) =>
  Array.from(values).map((v) => expect.closeTo(v, digits));

const SIZE = 12;
const FILTERS = 8;

/** `depth` same-size convolutions in a row: every intermediate has the same number of bytes. */
function deepChain(depth: number): tfl.LayersModel {
  const input = tfl.input({ shape: [SIZE, SIZE, 3] });
  let x = input;
  for (let i = 0; i < depth; i++) {
    x = tfl.layers
      .conv2d({
        filters: FILTERS,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: i + 1 }),
      })
      .apply(x) as tfl.SymbolicTensor;
  }
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const probabilities = tfl.layers
    .dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 99 }),
    })
    .apply(pooled) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: probabilities });
}

/**
 * A residual base network nested inside an outer model, ending in a separate softmax layer
 * (whose removal hands back its input tensor unchanged) after a linear activation layer (which
 * returns its input as is): every way one tensor can stand for several layer outputs.
 */
function nestedResidual(): { outer: tfl.LayersModel; base: tfl.LayersModel } {
  const seed = (n: number) => tfl.initializers.glorotUniform({ seed: n });
  const image = tfl.input({ shape: [SIZE, SIZE, 3], name: 'base_input' });
  const stem = tfl.layers
    .conv2d({
      name: 'stem',
      filters: FILTERS,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: seed(1),
    })
    .apply(image) as tfl.SymbolicTensor;
  const branch = tfl.layers
    .conv2d({
      name: 'branch',
      filters: FILTERS,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: seed(2),
    })
    .apply(stem) as tfl.SymbolicTensor;
  const added = tfl.layers.add({ name: 'skip_add' }).apply([stem, branch]) as tfl.SymbolicTensor;
  const out = tfl.layers
    .activation({ activation: 'relu', name: 'base_out' })
    .apply(added) as tfl.SymbolicTensor;
  const base = tfl.model({ inputs: image, outputs: out, name: 'base' });

  const input = tfl.input({ shape: [SIZE, SIZE, 3], name: 'image' });
  const features = base.apply(input) as tfl.SymbolicTensor;
  const pooled = tfl.layers
    .globalAveragePooling2d({ name: 'gap' })
    .apply(features) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({ name: 'logits', units: 4, kernelInitializer: seed(3) })
    .apply(pooled) as tfl.SymbolicTensor;
  const same = tfl.layers
    .activation({ activation: 'linear', name: 'identity' })
    .apply(logits) as tfl.SymbolicTensor;
  const probabilities = tfl.layers
    .activation({ activation: 'softmax', name: 'softmax' })
    .apply(same) as tfl.SymbolicTensor;
  return { outer: tfl.model({ inputs: input, outputs: probabilities, name: 'outer' }), base };
}

describe('executeLayers (through LayersClassifier.run)', () => {
  let root: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    root = await makeTempDir();
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const images = (batch: number) =>
    tf.tensor4d(
      Float32Array.from({ length: batch * SIZE * SIZE * 3 }, (_, i) => (i * 53) % 256),
      [batch, SIZE, SIZE, 3],
    );

  it('holds a few layers of activations at a time, not the whole network', async () => {
    const depth = 16;
    const dir = await writeLayersModel(deepChain(depth), path.join(root, 'chain'));
    const model = await loadModel(dir);
    const batch = 4;
    const x = images(batch);
    const layerBytes = batch * SIZE * SIZE * FILTERS * 4;
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() => model.run(x).output);
    const peak = profile.peakBytes - before;
    // Keeping every intermediate would need more than `depth` layers' worth.
    expect(peak).toBeLessThan(5 * layerBytes);
    tf.dispose(profile.result as tf.Tensor);
    expect(tf.memory().numBytes).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('computes what the network computes: outputs, logits, captured layers and input gradients', async () => {
    const { outer, base } = nestedResidual();
    const dir = await writeLayersModel(outer, path.join(root, 'nested'));
    const model = await loadModel(dir);
    const x = images(2);
    const tensorsBefore = tf.memory().numTensors;

    const expected = tf.tidy(() => outer.predict(x) as tf.Tensor);
    const { output, captured } = model.run(x, { capture: ['base_out', 'stem'] });
    expect(Array.from(output.dataSync())).toEqual(close(expected.dataSync(), 5));

    // 'base_out' is both a capture and the nested model's output, which the outer model reads on.
    const inner = tfl.model({
      inputs: base.inputs,
      outputs: [
        base.getLayer('base_out').output as tfl.SymbolicTensor,
        base.getLayer('stem').output as tfl.SymbolicTensor,
      ],
    });
    const [baseOut, stem] = inner.predict(x) as tf.Tensor[];
    expect(captured['base_out']?.isDisposed).toBe(false);
    expect(Array.from(captured['base_out']?.dataSync() ?? [])).toEqual(
      close(baseOut?.dataSync() ?? [], 4),
    );
    expect(Array.from(captured['stem']?.dataSync() ?? [])).toEqual(
      close(stem?.dataSync() ?? [], 4),
    );

    const logits = model.run(x, { output: 'logits' }).output;
    const logitsModel = tfl.model({
      inputs: outer.inputs,
      outputs: outer.getLayer('logits').output as tfl.SymbolicTensor,
    });
    const expectedLogits = logitsModel.predict(x) as tf.Tensor;
    expect(Array.from(logits.dataSync())).toEqual(close(expectedLogits.dataSync(), 4));

    const { gradients, outputs } = targetGradients(model, x, [1, 3]);
    const oneHot = tf.tensor2d([0, 1, 0, 0, 0, 0, 0, 1], [2, 4]);
    const expectedGradients = tf.grad((input: tf.Tensor) =>
      tf.sum(tf.mul(outer.apply(input) as tf.Tensor, oneHot)),
    )(x);
    expect(Array.from(gradients.dataSync())).toEqual(close(expectedGradients.dataSync(), 5));

    tf.dispose([
      expected,
      output,
      ...Object.values(captured),
      baseOut,
      stem,
      logits,
      expectedLogits,
      gradients,
      outputs,
      oneHot,
      expectedGradients,
    ]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    x.dispose();
    model.dispose();
  });
});
