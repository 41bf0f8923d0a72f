import { z } from 'zod';
import { LumenError } from '../errors.ts';
import type { ClassifierModel } from '../model/classifier-model.ts';
import { gaussianBlur } from '../tensor/blur.ts';
import { tf } from '../tf.ts';

/**
 * What perturbation methods put where they hide pixels: a grey level in image space, the
 * image's mean colour, a blurred copy, or the colour the model's preprocessing maps to zero
 * (Captum's `baselines=0` and most papers' "zero", taken in the space the network sees).
 */
export type Baseline = number | 'mean' | 'blur' | 'input-zero';

/** A params field for a baseline, with the given default and description. */
export function baselineParam(defaultValue: Baseline, description: string) {
  return z
    .union([z.number().min(0).max(255), z.enum(['mean', 'blur', 'input-zero'])])
    .default(defaultValue)
    .describe(description);
}

/**
 * The replacement image in plain memory, always [h, w, 3]: a full-size operand broadcasts over
 * the batch only, which backends such as wasm do far faster than a per-pixel colour.
 */
export interface BaselineImage {
  data: Float32Array;
  shape: [number, number, number];
}

/** The baseline for `image` ([h, w, 3], image space). `blurSigma` is used by 'blur'. */
export function baselineImage(model: ClassifierModel, image: tf.Tensor3D, baseline: Baseline, blurSigma = 1): BaselineImage {
  const [height, width] = image.shape;
  const shape: [number, number, number] = [height, width, 3];
  const size = height * width * 3;
  if (typeof baseline === 'number') return { data: new Float32Array(size).fill(baseline), shape };
  if (baseline === 'input-zero') {
    const colour = inputZeroColour(model);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = colour[i % 3] as number;
    return { data, shape };
  }
  const computed = tf.tidy(() =>
    baseline === 'mean' ? tf.mul(tf.mean(image, [0, 1], true), tf.ones(shape)) : gaussianBlur(image, blurSigma),
  );
  try {
    return { data: Float32Array.from(computed.dataSync()), shape };
  } finally {
    computed.dispose();
  }
}

export function baselineTensor(baseline: BaselineImage): tf.Tensor3D {
  return tf.tensor3d(baseline.data, baseline.shape);
}

/** A model's preprocessing never changes, so its zero colour is found once. */
const inputZeroColours = new WeakMap<ClassifierModel, [number, number, number]>();

const notAffine = (model: ClassifierModel, why: string): LumenError =>
  new LumenError(
    'REQUIREMENT_UNMET',
    `cannot find the colour that model '${model.identity.name}' preprocesses to zero (${why}); use baseline 'black' or 'mean'`,
    { details: { preprocess: model.inputSpec.preprocess } },
  );

/**
 * The colour whose preprocessed value is zero, so that fading towards it multiplies the
 * network's input by the mask (the paper's X ∘ H, taken in the space the network sees).
 * Every preprocessing Lumen knows is affine per channel (possibly reordered, or mixed to one
 * grey channel); probing black and the three primaries recovers it.
 */
export function inputZeroColour(model: ClassifierModel): [number, number, number] {
  const known = inputZeroColours.get(model) ?? probeInputZeroColour(model);
  inputZeroColours.set(model, known);
  return [...known];
}

function probeInputZeroColour(model: ClassifierModel): [number, number, number] {
  const probe = (pixels: number[]): number[][] =>
    tf.tidy(() => {
      const out = model.preprocess(tf.tensor4d(pixels, [pixels.length / 3, 1, 1, 3]));
      const channels = out.shape[3];
      const data = Array.from(out.dataSync());
      return Array.from({ length: out.shape[0] }, (_, i) =>
        data.slice(i * channels, (i + 1) * channels),
      );
    });
  const [offset, ...columns] = probe([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]) as [
    number[],
    ...number[][],
  ];
  const slopes = columns.map((column) => column.map((v, j) => (v - (offset[j] as number)) / 255));

  let colour: [number, number, number];
  if (offset.length === 1) {
    const gain = slopes.reduce((s, column) => s + (column[0] as number), 0);
    if (gain === 0) throw notAffine(model, 'the grey channel ignores the colour');
    const grey = -(offset[0] as number) / gain;
    colour = [grey, grey, grey];
  } else {
    const used = new Set<number>();
    colour = slopes.map((column) => {
      const moved = column.flatMap((v, j) => (v !== 0 ? [j] : []));
      const j = moved[0];
      if (moved.length !== 1 || j === undefined || used.has(j))
        throw notAffine(model, 'the colour channels are mixed');
      used.add(j);
      return -(offset[j] as number) / (column[j] as number);
    }) as [number, number, number];
  }
  const residual = probe(colour)[0] as number[];
  const scale = Math.max(1, ...offset.map(Math.abs));
  if (residual.some((v) => Math.abs(v) > 1e-4 * scale))
    throw notAffine(model, 'the preprocessing is not affine');
  return colour.map(withoutNegativeZero) as [number, number, number];
}

const withoutNegativeZero = (v: number): number => (v === 0 ? 0 : v);
