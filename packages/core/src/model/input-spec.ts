import { z } from 'zod';

/**
 * How a model wants its pixels. Lumen hands every explainer images in "image space"
 * (RGB, float 0..255, at the model's input size); the model handle applies this spec
 * before the first layer, so gradients and perturbations all live in one space.
 */
export const preprocessSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).describe('Feed raw 0..255 values.'),
  z.object({ mode: z.literal('tf') }).describe('Keras "tf" mode: x / 127.5 - 1 (range -1..1).'),
  z
    .object({ mode: z.literal('caffe') })
    .describe('Keras "caffe" mode: RGB->BGR, subtract the ImageNet BGR mean, no scaling.'),
  z
    .object({ mode: z.literal('torch') })
    .describe('Keras "torch" mode: x / 255, then (x - ImageNet mean) / ImageNet std.'),
  z
    .object({
      mode: z.literal('custom'),
      scale: z.number().positive().default(1 / 255),
      mean: z.array(z.number()).min(1).max(4).default([0]),
      std: z.array(z.number().positive()).min(1).max(4).default([1]),
    })
    .describe('(x * scale - mean) / std, per channel in the channel order the model expects.'),
]);
export type Preprocess = z.output<typeof preprocessSchema>;

export const inputSpecSchema = z.object({
  height: z.number().int().min(1).max(4096),
  width: z.number().int().min(1).max(4096),
  channels: z.union([z.literal(1), z.literal(3)]).default(3),
  channelOrder: z.enum(['RGB', 'BGR']).default('RGB'),
  preprocess: preprocessSchema.default({ mode: 'none' }),
  /** How an image of another size reaches the input size: Keras' load_img stretches. */
  resize: z.enum(['stretch', 'cover', 'contain']).default('stretch'),
});
export type InputSpec = z.output<typeof inputSpecSchema>;

/** The sidecar file (`lumen.json`) that may sit beside a `model.json`. */
export const modelSidecarSchema = z.object({
  name: z.string().min(1).optional(),
  version: z.string().min(1).optional(),
  input: inputSpecSchema.partial({ height: true, width: true }).optional(),
  classNames: z.array(z.string().min(1)).min(1).optional(),
  /** A text file (one label per line) or a JSON array, relative to the model folder. */
  labelsFile: z.string().min(1).optional(),
  /** What the model's final output is; `probabilities` when its last activation is softmax. */
  output: z.enum(['probabilities', 'logits']).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type ModelSidecar = z.output<typeof modelSidecarSchema>;
export type ModelSidecarInput = z.input<typeof modelSidecarSchema>;

export const SIDECAR_FILE = 'lumen.json';
