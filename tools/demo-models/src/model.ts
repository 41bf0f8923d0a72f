import { tfl } from '@lumen/core';

export interface DemoClassifierOptions {
  /** Seed of the weight initialisers (each layer derives its own). */
  seed: number;
  classCount: number;
  size?: number;
  /** Filters of the four conv layers; the last one is `last_conv`. */
  filters?: readonly [number, number, number, number];
  /**
   * The global pooling before the softmax. The demo models use 'average'; 'max' only serves the
   * warm-up epochs of training (see trainVersion), on the very same weights.
   */
  pooling?: 'average' | 'max';
}

/** The layer explainers should look at: the last conv layer, 8x8 for 64x64 inputs. */
export const LAST_CONV_LAYER = 'last_conv';

export const DEFAULT_FILTERS = [8, 16, 32, 32] as const;

/**
 * A small CNN: three conv3x3+ReLU / max-pool stages, then `last_conv` (conv3x3+ReLU) at an
 * eighth of the input size, global average pooling and a dense softmax. It takes preprocessed
 * input (x / 127.5 - 1): the caller applies the sidecar's preprocessing; none is baked in.
 *
 * Why 8x8 rather than 16x16: with global average pooling most positions of a 16x16 map see
 * only background, and training sat on the ln(5) loss plateau far longer; at 8x8 each
 * position's receptive field (~46 px) covers the whole object.
 */
export function buildDemoClassifier(options: DemoClassifierOptions): tfl.Sequential {
  const { seed, classCount, size = 64 } = options;
  const [f1, f2, f3, f4] = options.filters ?? DEFAULT_FILTERS;
  const model = tfl.sequential({ name: 'lumen_demo_shapes' });
  const conv = (filters: number, name: string, k: number) =>
    tfl.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tfl.initializers.heNormal({ seed: seed * 16 + k }),
      biasInitializer: 'zeros',
    });
  const pool = (name: string) => tfl.layers.maxPooling2d({ poolSize: 2, name });
  model.add(tfl.layers.inputLayer({ inputShape: [size, size, 3], name: 'image' }));
  model.add(conv(f1, 'conv1', 1));
  model.add(pool('pool1'));
  model.add(conv(f2, 'conv2', 2));
  model.add(pool('pool2'));
  model.add(conv(f3, 'conv3', 3));
  model.add(pool('pool3'));
  model.add(conv(f4, LAST_CONV_LAYER, 4));
  model.add(
    options.pooling === 'max'
      ? tfl.layers.globalMaxPooling2d({ name: 'global_max_pool' })
      : tfl.layers.globalAveragePooling2d({ name: 'global_average_pool' }),
  );
  model.add(
    tfl.layers.dense({
      name: 'probabilities',
      units: classCount,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed * 16 + 5 }),
    }),
  );
  return model;
}
