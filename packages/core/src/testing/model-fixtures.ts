import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tf, tfl } from '../tf.ts';
import type { ModelSidecarInput } from '../model/input-spec.ts';

/**
 * Write a tfjs-layers model as a TF.js model folder (model.json + one shard), with an
 * optional Lumen sidecar. Returns the folder.
 */
export async function writeLayersModel(
  model: tfl.LayersModel,
  dir: string,
  sidecar?: ModelSidecarInput,
): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData;
      const bytes = weightData instanceof ArrayBuffer ? new Uint8Array(weightData) : new Uint8Array(0);
      const json = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify(json));
      await fs.writeFile(path.join(dir, 'group1-shard1of1.bin'), bytes);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (sidecar) await fs.writeFile(path.join(dir, 'lumen.json'), JSON.stringify(sidecar, null, 2));
  return dir;
}

export async function makeTempDir(prefix = 'lumen-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface TinyCnnOptions {
  size?: number;
  classes?: number;
  seed?: number;
}

/**
 * A small, deterministic CNN: conv(relu) -> maxpool -> conv(relu, 'last_conv') -> GAP ->
 * dense(softmax). Weights come from seeded initialisers, so every test sees the same net.
 */
export function tinyCnn({ size = 16, classes = 3, seed = 1 }: TinyCnnOptions = {}): tfl.LayersModel {
  const init = (offset: number) => tfl.initializers.glorotUniform({ seed: seed + offset });
  const bias = (offset: number) => tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 100 + offset });
  const input = tfl.input({ shape: [size, size, 3], name: 'image' });
  const conv1 = tfl.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1', kernelInitializer: init(1), biasInitializer: bias(1) })
    .apply(input) as tfl.SymbolicTensor;
  const pool = tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }).apply(conv1) as tfl.SymbolicTensor;
  const conv2 = tfl.layers
    .conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: 'last_conv', kernelInitializer: init(2), biasInitializer: bias(2) })
    .apply(pool) as tfl.SymbolicTensor;
  const gap = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(conv2) as tfl.SymbolicTensor;
  const logits = tfl.layers
    .dense({ units: classes, activation: 'softmax', name: 'predictions', kernelInitializer: init(3), biasInitializer: bias(3) })
    .apply(gap) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'tiny_cnn' });
}

/**
 * A model that is linear in its input up to the softmax: logits = flatten(x) . W + b with
 * W, b given. Gradients of logits are exactly W's columns, so tests can check them by hand.
 */
export function linearSoftmaxModel(size: number, weights: Float32Array, bias: Float32Array): tfl.LayersModel {
  const classes = bias.length;
  const features = size * size * 3;
  if (weights.length !== features * classes) throw new Error(`weights need ${features * classes} values`);
  const model = tfl.sequential({ name: 'linear_softmax' });
  model.add(tfl.layers.flatten({ inputShape: [size, size, 3], name: 'flatten' }));
  model.add(tfl.layers.dense({ units: classes, activation: 'softmax', name: 'predictions' }));
  tf.tidy(() => model.getLayer('predictions').setWeights([tf.tensor2d(weights, [features, classes]), tf.tensor1d(bias)]));
  return model;
}

/**
 * A network whose integrals (and noise averages) can be done by hand: h = v . flatten(x) + c, then
 * logit_k = u_k * h^2 + b_k (a Multiply layer squares h), then softmax.
 * d logit_k / dx = 2 u_k h v.
 */
export interface QuadraticWeights {
  size: number;
  v: Float32Array;
  c: number;
  u: number[];
  b: number[];
}

export function quadraticModel({ size, v, c, u, b }: QuadraticWeights): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 3], name: 'image' });
  const flat = tfl.layers.flatten({ name: 'flatten' }).apply(input) as tfl.SymbolicTensor;
  const h = tfl.layers.dense({ units: 1, name: 'projection' }).apply(flat) as tfl.SymbolicTensor;
  const squared = tfl.layers.multiply({ name: 'square' }).apply([h, h]) as tfl.SymbolicTensor;
  const out = tfl.layers
    .dense({ units: u.length, activation: 'softmax', name: 'predictions' })
    .apply(squared) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: out, name: 'quadratic' });
  tf.tidy(() => {
    model.getLayer('projection').setWeights([tf.tensor2d(v, [v.length, 1]), tf.tensor1d([c])]);
    model.getLayer('predictions').setWeights([tf.tensor2d([u]), tf.tensor1d(b)]);
  });
  return model;
}

