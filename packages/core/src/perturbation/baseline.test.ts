import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/index.ts';
import { isLumenError } from '../errors.ts';
import type { ClassifierModel } from '../model/classifier-model.ts';
import { inputSpecSchema, type InputSpec } from '../model/input-spec.ts';
import { preprocessImages } from '../model/preprocess.ts';
import { tf } from '../tf.ts';
import { baselineImage, inputZeroColour } from './baseline.ts';

/** Just enough of a model for the baseline: its input spec and core's own preprocessing. */
const modelWith = (
  input: Partial<InputSpec> & Record<string, unknown>,
  preprocess?: (x: tf.Tensor4D) => tf.Tensor4D,
): ClassifierModel => {
  const spec = inputSpecSchema.parse({ height: 2, width: 2, ...input });
  return {
    identity: { name: 'probe' },
    inputSpec: spec,
    preprocess: preprocess ?? ((x: tf.Tensor4D) => preprocessImages(x, spec)),
  } as unknown as ClassifierModel;
};

const zeroAfterPreprocessing = (model: ClassifierModel, colour: number[]): number[] =>
  tf.tidy(() => Array.from(model.preprocess(tf.tensor4d(colour, [1, 1, 1, 3])).dataSync()));

describe('baselines', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
  });

  it.each([
    ['none', { preprocess: { mode: 'none' } }, [0, 0, 0]],
    ['tf', { preprocess: { mode: 'tf' } }, [127.5, 127.5, 127.5]],
    ['caffe', { preprocess: { mode: 'caffe' } }, [123.68, 116.779, 103.939]],
    ['torch', { preprocess: { mode: 'torch' } }, [0.485 * 255, 0.456 * 255, 0.406 * 255]],
    [
      'custom BGR',
      {
        channelOrder: 'BGR',
        preprocess: { mode: 'custom', scale: 0.5, mean: [10, 20, 30], std: [2, 3, 4] },
      },
      [60, 40, 20],
    ],
    ['grey', { channels: 1, preprocess: { mode: 'tf' } }, [127.5, 127.5, 127.5]],
  ] as const)(
    "finds the colour that '%s' preprocessing maps to zero",
    (_label, input, expected) => {
      const model = modelWith(input as Record<string, unknown>);
      const colour = inputZeroColour(model);
      expect(colour).toEqual(expected.map((v) => expect.closeTo(v, 2)));
      expect(zeroAfterPreprocessing(model, colour).every((v) => Math.abs(v) < 1e-4)).toBe(true);
    },
  );

  it('refuses a preprocessing that is not affine, naming the alternatives', () => {
    const model = modelWith({}, (x) => tf.square(tf.sub(tf.div(x, 255), 0.5)) as tf.Tensor4D);
    const error = (() => {
      try {
        return inputZeroColour(model);
      } catch (e) {
        return e;
      }
    })();
    expect(isLumenError(error, 'REQUIREMENT_UNMET')).toBe(true);
    expect((error as Error).message).toMatch(/'black' or 'mean'/);
  });

  it("builds constant, mean, input-zero and blurred baseline images of the image's shape", () => {
    const model = modelWith({ preprocess: { mode: 'tf' } });
    const image = tf.tensor3d([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], [2, 2, 3]);
    expect(baselineImage(model, image, 0)).toEqual({ data: new Float32Array(12), shape: [2, 2, 3] });
    expect(Array.from(baselineImage(model, image, 'mean').data)).toEqual([45, 55, 65, 45, 55, 65, 45, 55, 65, 45, 55, 65]);
    expect(Array.from(baselineImage(model, image, 'input-zero').data)).toEqual(new Array(12).fill(expect.closeTo(127.5, 3)));
    const blurred = baselineImage(model, image, 'blur', 1);
    expect(blurred.shape).toEqual([2, 2, 3]);
    // A blur keeps each channel's mean on this 2x2 image (reflected borders are symmetric).
    expect(blurred.data.reduce((s, v, i) => (i % 3 === 0 ? s + v : s), 0) / 4).toBeCloseTo(45, 3);
    image.dispose();
  });
});
