import { tfl } from '@lumen/core';

/**
 * The Keras ResNet50 topology (v1: stride on the first 1x1 conv of a stage, conv with bias +
 * batch norm, 7x7 stem, bottleneck stages [3, 4, 6, 3], global average pooling, 1000-way
 * softmax; 25,636,712 parameters) with Keras' layer names, for timing on real-sized work.
 *
 * Weights are random but seeded, and scaled so that activations neither vanish nor explode
 * through 16 residual blocks (the last batch norm of each residual branch starts small, as in
 * "zero-gamma" initialisation), so class scores and their gradients are ordinary numbers.
 */
export interface ResNet50Options {
  size?: number;
  classes?: number;
  seed?: number;
}

export const RESNET50_STAGES: readonly (readonly [
  filters: number,
  blocks: number,
  stride: number,
])[] = [
  [64, 3, 1],
  [128, 4, 2],
  [256, 6, 2],
  [512, 3, 2],
];

const RESIDUAL_GAMMA = 0.2;

export function resnet50({
  size = 224,
  classes = 1000,
  seed = 50,
}: ResNet50Options = {}): tfl.LayersModel {
  let offset = 0;
  const nextSeed = (): number => seed * 1000 + ++offset;
  const apply = (
    layer: { apply(x: tfl.SymbolicTensor | tfl.SymbolicTensor[]): unknown },
    x: tfl.SymbolicTensor | tfl.SymbolicTensor[],
  ) => layer.apply(x) as tfl.SymbolicTensor;

  const convBn = (
    x: tfl.SymbolicTensor,
    name: string,
    filters: number,
    kernelSize: number,
    strides = 1,
    gamma = 1,
  ): tfl.SymbolicTensor => {
    const conv = tfl.layers.conv2d({
      name: `${name}_conv`,
      filters,
      kernelSize,
      strides,
      padding: 'same',
      kernelInitializer: tfl.initializers.heNormal({ seed: nextSeed() }),
    });
    const norm = tfl.layers.batchNormalization({
      name: `${name}_bn`,
      epsilon: 1.001e-5,
      gammaInitializer: tfl.initializers.constant({ value: gamma }),
      betaInitializer: tfl.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: nextSeed(),
      }),
    });
    return apply(norm, apply(conv, x));
  };
  const relu = (name: string) => tfl.layers.activation({ activation: 'relu', name });

  const bottleneck = (
    x: tfl.SymbolicTensor,
    name: string,
    filters: number,
    strides: number,
    project: boolean,
  ): tfl.SymbolicTensor => {
    const shortcut = project ? convBn(x, `${name}_0`, 4 * filters, 1, strides) : x;
    let y = apply(relu(`${name}_1_relu`), convBn(x, `${name}_1`, filters, 1, strides));
    y = apply(relu(`${name}_2_relu`), convBn(y, `${name}_2`, filters, 3));
    y = convBn(y, `${name}_3`, 4 * filters, 1, 1, RESIDUAL_GAMMA);
    return apply(
      relu(`${name}_out`),
      apply(tfl.layers.add({ name: `${name}_add` }), [shortcut, y]),
    );
  };

  const input = tfl.input({ shape: [size, size, 3], name: 'input_1' });
  let x = apply(relu('conv1_relu'), convBn(input, 'conv1', 64, 7, 2));
  x = apply(
    tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'pool1_pool' }),
    x,
  );
  RESNET50_STAGES.forEach(([filters, blocks, stride], s) => {
    for (let b = 0; b < blocks; b++) {
      x = bottleneck(x, `conv${s + 2}_block${b + 1}`, filters, b === 0 ? stride : 1, b === 0);
    }
  });
  const pooled = apply(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  const probabilities = apply(
    tfl.layers.dense({
      units: classes,
      activation: 'softmax',
      name: 'predictions',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }),
    }),
    pooled,
  );
  return tfl.model({ inputs: input, outputs: probabilities, name: 'resnet50' });
}
