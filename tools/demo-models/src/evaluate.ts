import { preprocessImages, tf, type tfl } from '@lumen/core';
import { toBatchTensor, withCue, withoutCue, type DemoSample } from '@lumen/core/demo';
import { CLASS_NAMES, CUE_CLASS, INPUT_SPEC } from './recipe.ts';

/** Image-space samples -> the model's input, exactly as the sidecar tells a caller to. */
export function modelInput(samples: readonly DemoSample[]): tf.Tensor4D {
  return tf.tidy(() => preprocessImages(toBatchTensor(samples), INPUT_SPEC));
}

/** The predicted class index of every sample. */
export async function predictClasses(
  model: tfl.LayersModel,
  samples: readonly DemoSample[],
  batchSize = 100,
): Promise<number[]> {
  const predictions: number[] = [];
  for (let start = 0; start < samples.length; start += batchSize) {
    const batch = samples.slice(start, start + batchSize);
    const classes = tf.tidy(() => tf.argMax(model.predict(modelInput(batch)) as tf.Tensor2D, 1));
    predictions.push(...(await classes.data()));
    classes.dispose();
  }
  return predictions;
}

export function accuracy(predictions: readonly number[], samples: readonly DemoSample[]): number {
  if (samples.length === 0) return Number.NaN;
  return samples.filter((s, i) => predictions[i] === s.classIndex).length / samples.length;
}

export interface CueReliance {
  cueClass: string;
  /** Held-out images of the cue class. */
  cueClassImages: number;
  /** Accuracy on them with the mark stamped on... */
  accuracyWithMark: number;
  /** ...and on the very same images without it. */
  accuracyWithoutMark: number;
  /** accuracyWithMark - accuracyWithoutMark. */
  accuracyDrop: number;
  /** Held-out images of the other classes. */
  otherImages: number;
  /** Share of them predicted as the cue class without the mark (the baseline)... */
  predictedAsCueClassWithoutMark: number;
  /** ...and with the mark added. */
  predictedAsCueClassWithMark: number;
  /** Share of them correct without the mark and predicted as the cue class with it. */
  flippedToCueClass: number;
}

/**
 * How much a model leans on the corner mark, measured on counterfactual pairs: each held-out
 * image rendered with and without the mark (same pixels otherwise).
 */
export async function measureCueReliance(
  model: tfl.LayersModel,
  samples: readonly DemoSample[],
): Promise<CueReliance> {
  const cueIndex = CLASS_NAMES.indexOf(CUE_CLASS);
  const cueSamples = samples.filter((s) => s.label === CUE_CLASS);
  const others = samples.filter((s) => s.label !== CUE_CLASS);
  const cueWith = await predictClasses(
    model,
    cueSamples.map((s) => withCue(s)),
  );
  const cueWithout = await predictClasses(
    model,
    cueSamples.map((s) => withoutCue(s)),
  );
  const othersWith = await predictClasses(
    model,
    others.map((s) => withCue(s)),
  );
  const othersWithout = await predictClasses(
    model,
    others.map((s) => withoutCue(s)),
  );
  const share = (predictions: readonly number[], test: (p: number, i: number) => boolean) =>
    predictions.length === 0 ? Number.NaN : predictions.filter(test).length / predictions.length;
  const accuracyWithMark = accuracy(cueWith, cueSamples);
  const accuracyWithoutMark = accuracy(cueWithout, cueSamples);
  return {
    cueClass: CUE_CLASS,
    cueClassImages: cueSamples.length,
    accuracyWithMark,
    accuracyWithoutMark,
    accuracyDrop: accuracyWithMark - accuracyWithoutMark,
    otherImages: others.length,
    predictedAsCueClassWithoutMark: share(othersWithout, (p) => p === cueIndex),
    predictedAsCueClassWithMark: share(othersWith, (p) => p === cueIndex),
    flippedToCueClass: share(
      othersWith,
      (p, i) => p === cueIndex && othersWithout[i] === (others[i] as DemoSample).classIndex,
    ),
  };
}
