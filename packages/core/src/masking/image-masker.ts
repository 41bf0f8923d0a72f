import { LumenError } from '../errors.ts';
import { tf } from '../tf.ts';
import { boxBlur } from '../tensor/blur.ts';
import { createInpainter, type Inpainter } from './inpaint.ts';
import type { ImageShape } from './partition-tree.ts';

/**
 * What hidden features are replaced with, as `shap.maskers.Image(mask_value)`:
 * - `inpaint_telea` / `inpaint_ns`: the hidden pixels are inpainted from the shown ones
 *   (cv2.inpaint, radius 3); a pixel with any hidden channel is inpainted whole, and when
 *   every pixel is hidden the image becomes its mean colour. With `eightBit`, as SHAP does it
 *   exactly: the image is truncated to integers 0..255 (numpy's astype(uint8)) and inpainted
 *   with OpenCV's 8-bit rounding.
 * - `blur`: the hidden features take the values of the whole image box-blurred (cv2.blur with a
 *   kx-wide, ky-tall window).
 * - `constant`: the hidden features take a value (one for all channels, or one per channel).
 */
export type ImageMaskerSpec =
  | { kind: 'inpaint_telea'; radius?: number; eightBit?: boolean }
  | { kind: 'inpaint_ns'; radius?: number; eightBit?: boolean }
  | { kind: 'blur'; kx: number; ky: number }
  | { kind: 'constant'; value: number | readonly number[] };

export interface ImageMasker {
  readonly shape: ImageShape;
  readonly spec: ImageMaskerSpec;
  /**
   * Write the image with its hidden features replaced into `out` at `offset`. `shown` has one
   * entry per feature ([height, width, channels], row-major): non-zero keeps the image's value.
   */
  apply(shown: Uint8Array, out: Float32Array, offset?: number): void;
}

function fixedFill(
  image: Float32Array,
  shape: ImageShape,
  spec: Extract<ImageMaskerSpec, { kind: 'blur' | 'constant' }>,
): Float32Array {
  const { height, width, channels } = shape;
  if (spec.kind === 'constant') {
    const values =
      typeof spec.value === 'number'
        ? Array.from({ length: channels }, () => spec.value as number)
        : spec.value;
    if (values.length !== channels || !values.every(Number.isFinite)) {
      throw new LumenError(
        'INVALID_PARAMS',
        `a constant mask value needs one finite number or ${channels} (one per channel), got [${values.join(', ')}]`,
      );
    }
    const fill = new Float32Array(image.length);
    for (let i = 0; i < fill.length; i++) fill[i] = values[i % channels] as number;
    return fill;
  }
  return tf.tidy(() => {
    const blurred = boxBlur(tf.tensor3d(image, [height, width, channels]), spec.kx, spec.ky);
    return Float32Array.from(blurred.dataSync());
  });
}

/** The image's mean colour at every pixel (what SHAP shows when every pixel is inpainted). */
function meanColourImage(image: Float32Array, channels: number): Float32Array {
  const pixels = image.length / channels;
  const mean = new Float64Array(channels);
  for (let i = 0; i < image.length; i++)
    mean[i % channels] = (mean[i % channels] as number) + (image[i] as number);
  return Float32Array.from(image, (_, i) => (mean[i % channels] as number) / pixels);
}

type Apply = ImageMasker['apply'];

function replaceWith(image: Float32Array, fill: Float32Array): Apply {
  return (shown, out, offset = 0) => {
    for (let i = 0; i < image.length; i++)
      out[offset + i] = (shown[i] ? image[i] : fill[i]) as number;
  };
}

function inpaintHidden(
  image: Float32Array,
  shape: ImageShape,
  inpainter: Inpainter,
  eightBit: boolean,
): Apply {
  const { channels } = shape;
  const source = eightBit ? image.map((v) => Math.trunc(Math.min(255, Math.max(0, v)))) : image;
  const allHidden = meanColourImage(image, channels);
  const holes = new Uint8Array(shape.height * shape.width);
  const scratch = new Float32Array(image.length);
  return (shown, out, offset = 0) => {
    let hidden = 0;
    for (let p = 0; p < holes.length; p++) {
      let hole = 0;
      for (let c = 0; c < channels; c++) if (!shown[p * channels + c]) hole = 1;
      holes[p] = hole;
      hidden += hole;
    }
    if (hidden === holes.length) {
      out.set(allHidden, offset);
    } else if (hidden === 0) {
      out.set(source, offset);
    } else {
      inpainter.run(source, holes, scratch);
      out.set(scratch, offset);
    }
  };
}

/**
 * A masker for one image. Fills that do not depend on the mask (blur, constant) are computed
 * once here; inpainting depends on which pixels are hidden, so it runs on every call.
 */
export function createImageMasker(
  image: Float32Array,
  shape: ImageShape,
  spec: ImageMaskerSpec,
): ImageMasker {
  const { height, width, channels } = shape;
  const features = height * width * channels;
  if (image.length !== features) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `the image has ${image.length} values; [${height}, ${width}, ${channels}] needs ${features}`,
    );
  }
  let apply: Apply;
  if (spec.kind === 'inpaint_telea' || spec.kind === 'inpaint_ns') {
    const method = spec.kind === 'inpaint_telea' ? 'telea' : 'ns';
    const eightBit = spec.eightBit ?? false;
    const inpainter = createInpainter(shape, method, { radius: spec.radius, eightBit });
    apply = inpaintHidden(image, shape, inpainter, eightBit);
  } else {
    apply = replaceWith(image, fixedFill(image, shape, spec));
  }
  return {
    shape,
    spec,
    apply(shown, out, offset = 0) {
      if (shown.length !== features) {
        throw new LumenError(
          'SHAPE_MISMATCH',
          `a mask for [${height}, ${width}, ${channels}] needs ${features} entries, got ${shown.length}`,
        );
      }
      if (offset < 0 || offset + features > out.length) {
        throw new LumenError(
          'SHAPE_MISMATCH',
          `no room for ${features} values at offset ${offset} of an output of ${out.length}`,
        );
      }
      apply(shown, out, offset);
    },
  };
}
