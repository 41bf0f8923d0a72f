import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { loadModel, tf, type ClassifierModel, type tfl } from '@lumen/core';
import { DEMO_CLASSES, demoModelDir, generateDemoSample, loadDemoModel } from '@lumen/core/demo';
import { makeTempDir, tinyCnn, writeLayersModel } from '@lumen/core/testing';
import { resnet50 } from './resnet50.ts';
import type { ModelScale } from './settings.ts';

export const MODEL_CASES = ['resnet50', 'demo'] as const;
export type ModelCaseId = (typeof MODEL_CASES)[number];

export interface ModelCase {
  id: ModelCaseId;
  label: string;
  scale: ModelScale;
  model: ClassifierModel;
  /** The image explained: a seeded demo scene at the model's input size (image space). */
  image: tf.Tensor3D;
  /** Background images for methods that need a reference set. */
  background: tf.Tensor4D;
  parameters: number;
  /** Anything the reader must know about this model (a fallback taken). */
  note?: string;
  dispose(): void;
}

const IMAGE_SEED = 20_240;

function demoImages(size: number, count: number, firstIndex: number): Float32Array[] {
  return Array.from({ length: count }, (_, k) =>
    Float32Array.from(generateDemoSample(IMAGE_SEED, firstIndex + k, { size }).image),
  );
}

function imagesFor(
  size: number,
  backgroundSize: number,
): { image: tf.Tensor3D; background: tf.Tensor4D } {
  const [first] = demoImages(size, 1, 0);
  const rest = demoImages(size, backgroundSize, 1);
  const background = new Float32Array(backgroundSize * size * size * 3);
  rest.forEach((pixels, i) => background.set(pixels, i * pixels.length));
  return {
    image: tf.tensor3d(first as Float32Array, [size, size, 3]),
    background: tf.tensor4d(background, [backgroundSize, size, size, 3]),
  };
}

const countParameters = (model: ClassifierModel): number =>
  model.layers().reduce((sum, layer) => sum + layer.params, 0);

async function loadBuilt(
  build: () => tfl.LayersModel,
  name: string,
  preprocess: 'tf' | 'none',
): Promise<ClassifierModel> {
  const dir = await makeTempDir('lumen-bench-');
  try {
    const net = build();
    try {
      await writeLayersModel(net, path.join(dir, name), {
        name,
        input: { preprocess: { mode: preprocess } },
      });
    } finally {
      net.dispose();
    }
    return await loadModel(path.join(dir, name));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** ResNet50 topology at 224 x 224, random seeded weights, Keras "tf" preprocessing (x / 127.5 - 1). */
async function resnet50Case(): Promise<ModelCase> {
  const model = await loadBuilt(() => resnet50({ seed: 50 }), 'resnet50-random', 'tf');
  const { image, background } = imagesFor(model.inputSpec.height, 4);
  return {
    id: 'resnet50',
    label: 'ResNet50 topology, 224x224, random seeded weights',
    scale: 'large',
    model,
    image,
    background,
    parameters: countParameters(model),
    dispose: () => {
      tf.dispose([image, background]);
      model.dispose();
    },
  };
}

/** The demo model v2 when it has been trained, else a tiny CNN of the same input size. */
async function demoCase(): Promise<ModelCase> {
  const v2 = demoModelDir('v2');
  const trained = existsSync(path.join(v2, 'model.json'));
  const model = trained
    ? await loadDemoModel('v2')
    : await loadBuilt(
        () => tinyCnn({ size: 64, classes: DEMO_CLASSES.length, seed: 1 }),
        'tiny-cnn-64',
        'none',
      );
  const { image, background } = imagesFor(model.inputSpec.height, 8);
  return {
    id: 'demo',
    label: trained
      ? `demo model v2 (${model.inputSpec.height}x${model.inputSpec.width})`
      : 'tinyCnn 64x64 (stand-in for demo v2)',
    scale: 'small',
    model,
    image,
    background,
    parameters: countParameters(model),
    ...(trained
      ? {}
      : {
          note: `packages/core/demo-models/v2 has no model.json yet (it is being trained), so a tinyCnn of the same 64x64 input and ${DEMO_CLASSES.length} classes stands in for it.`,
        }),
    dispose: () => {
      tf.dispose([image, background]);
      model.dispose();
    },
  };
}

export function loadModelCase(id: ModelCaseId): Promise<ModelCase> {
  return id === 'resnet50' ? resnet50Case() : demoCase();
}
