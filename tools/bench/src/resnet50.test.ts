import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, type tfl } from '@lumen/core';
import { resnet50 } from './resnet50.ts';

describe('resnet50', () => {
  let model: tfl.LayersModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = resnet50({ size: 64, seed: 4 });
  });
  afterAll(() => model.dispose());

  it("has Keras ResNet50's parameter count, layer names and shapes", () => {
    expect(model.countParams()).toBe(25_636_712);
    const shape = (name: string) => (model.getLayer(name).output as tfl.SymbolicTensor).shape;
    expect(shape('conv1_relu')).toEqual([null, 32, 32, 64]);
    expect(shape('conv2_block3_out')).toEqual([null, 16, 16, 256]);
    expect(shape('conv5_block3_out')).toEqual([null, 2, 2, 2048]);
    expect(shape('predictions')).toEqual([null, 1000]);
    expect(model.layers.filter((l) => l.getClassName() === 'Conv2D')).toHaveLength(53);
  });

  it('gives ordinary class scores (neither saturated nor flat) and the same weights for the same seed', () => {
    const x = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 1);
    const probabilities = tf.tidy(() => model.predict(x) as tf.Tensor);
    const top = Math.max(...probabilities.dataSync());
    expect(top).toBeLessThan(0.5);
    expect(top).toBeGreaterThan(2 / 1000);
    const again = resnet50({ size: 64, seed: 4 });
    const kernel = (m: tfl.LayersModel, name: string) =>
      Array.from(m.getLayer(name).getWeights()[0]?.dataSync() ?? []);
    expect(kernel(again, 'conv4_block6_2_conv')).toEqual(kernel(model, 'conv4_block6_2_conv'));
    expect(kernel(model, 'conv4_block6_2_conv')).not.toEqual(kernel(model, 'conv4_block5_2_conv'));
    tf.dispose([x, probabilities]);
    again.dispose();
  });
});
