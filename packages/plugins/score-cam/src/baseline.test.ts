import { beforeAll, describe, expect, it } from 'vitest';
import {
  initBackend,
  inputSpecSchema,
  preprocessImages,
  tf,
  type ClassifierModel,
  type InputSpec,
} from '@lumen/core';
import { baselineColour } from './baseline.ts';

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

describe('baseline colours', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
  });

  it("takes black as image-space zero and 'mean' as the image's mean colour", () => {
    const model = modelWith({ preprocess: { mode: 'tf' } });
    const image = tf.tensor3d([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], [2, 2, 3]);
    expect(baselineColour(model, image, 'black')).toEqual([0, 0, 0]);
    expect(baselineColour(model, image, 'mean')).toEqual([45, 55, 65]);
    expect(baselineColour(model, image, 'input-zero')).toEqual(
      [127.5, 127.5, 127.5].map((v) => expect.closeTo(v, 3)),
    );
    image.dispose();
  });
});
