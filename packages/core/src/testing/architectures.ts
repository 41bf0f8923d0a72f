import { tfl } from '../tf.ts';

/**
 * Small networks with the building blocks of real ones, for tests that must run on real
 * architectures: a ResNet-style residual block (conv without bias + batch norm + ReLU, skip
 * connection, add) and a MobileNet-style block (strided conv + BN + ReLU6, depthwise conv,
 * pointwise conv). Batch-norm statistics are seeded and non-trivial so they matter.
 */

export interface ArchitectureOptions {
  size?: number;
  classes?: number;
  seed?: number;
}

function seededInitializers(seed: number) {
  let offset = 0;
  return {
    kernel: () => tfl.initializers.heNormal({ seed: seed + ++offset }),
    small: (lo: number, hi: number) => tfl.initializers.randomUniform({ minval: lo, maxval: hi, seed: seed + ++offset }),
  };
}

function batchNorm(name: string, init: ReturnType<typeof seededInitializers>) {
  return tfl.layers.batchNormalization({
    name,
    gammaInitializer: init.small(0.8, 1.2),
    betaInitializer: init.small(-0.1, 0.1),
    movingMeanInitializer: init.small(-0.05, 0.05),
    movingVarianceInitializer: init.small(0.5, 1.5),
  });
}

export function tinyResNet({ size = 32, classes = 4, seed = 3 }: ArchitectureOptions = {}): tfl.LayersModel {
  const init = seededInitializers(seed);
  const input = tfl.input({ shape: [size, size, 3], name: 'image' });
  const conv = (name: string, filters: number, strides = 1, kernelSize = 3) =>
    tfl.layers.conv2d({ name, filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: init.kernel() });
  const apply = (layer: { apply(x: tfl.SymbolicTensor | tfl.SymbolicTensor[]): unknown }, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
    layer.apply(x) as tfl.SymbolicTensor;

  let x = apply(conv('stem_conv', 8, 2), input);
  x = apply(batchNorm('stem_bn', init), x);
  x = apply(tfl.layers.activation({ activation: 'relu', name: 'stem_relu' }), x);
  const shortcut = apply(batchNorm('block_shortcut_bn', init), apply(conv('block_shortcut_conv', 16, 1, 1), x));
  let y = apply(conv('block_conv1', 16), x);
  y = apply(batchNorm('block_bn1', init), y);
  y = apply(tfl.layers.activation({ activation: 'relu', name: 'block_relu1' }), y);
  y = apply(conv('block_conv2', 16), y);
  y = apply(batchNorm('block_bn2', init), y);
  const added = apply(tfl.layers.add({ name: 'block_add' }), [y, shortcut]);
  const out = apply(tfl.layers.activation({ activation: 'relu', name: 'block_out' }), added);
  const pooled = apply(tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }), out);
  const probs = apply(tfl.layers.dense({ units: classes, activation: 'softmax', name: 'predictions', kernelInitializer: init.kernel() }), pooled);
  return tfl.model({ inputs: input, outputs: probs, name: 'tiny_resnet' });
}

export function tinyMobileNet({ size = 32, classes = 4, seed = 5 }: ArchitectureOptions = {}): tfl.LayersModel {
  const init = seededInitializers(seed);
  const input = tfl.input({ shape: [size, size, 3], name: 'image' });
  const apply = (layer: { apply(x: tfl.SymbolicTensor): unknown }, x: tfl.SymbolicTensor) => layer.apply(x) as tfl.SymbolicTensor;
  const relu6 = (name: string) => tfl.layers.reLU({ maxValue: 6, name });

  let x = apply(tfl.layers.conv2d({ name: 'conv1', filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init.kernel() }), input);
  x = apply(batchNorm('conv1_bn', init), x);
  x = apply(relu6('conv1_relu'), x);
  x = apply(tfl.layers.depthwiseConv2d({ name: 'conv_dw', kernelSize: 3, padding: 'same', useBias: false, depthwiseInitializer: init.kernel() }), x);
  x = apply(batchNorm('conv_dw_bn', init), x);
  x = apply(relu6('conv_dw_relu'), x);
  x = apply(tfl.layers.conv2d({ name: 'conv_pw', filters: 16, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: init.kernel() }), x);
  x = apply(batchNorm('conv_pw_bn', init), x);
  x = apply(relu6('conv_pw_relu'), x);
  const pooled = apply(tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }), x);
  const probs = apply(tfl.layers.dense({ units: classes, activation: 'softmax', name: 'predictions', kernelInitializer: init.kernel() }), pooled);
  return tfl.model({ inputs: input, outputs: probs, name: 'tiny_mobilenet' });
}
