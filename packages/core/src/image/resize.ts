import sharp from 'sharp';
import { LumenError } from '../errors.ts';
import { asPlainBytes, assertRgb, assertRgbImage, type Rgb, type RgbImage } from './types.ts';

/**
 * How an image reaches a target size:
 * - `stretch`: scale each axis independently to fill exactly (Keras `load_img(target_size=...)`);
 * - `cover`: keep the aspect ratio, fill the target, crop the overflow (centred);
 * - `contain`: keep the aspect ratio, fit inside the target, pad with `background` (centred).
 */
export type ResizeFit = 'stretch' | 'cover' | 'contain';

/** sharp's resampling kernels. */
export type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'mitchell' | 'lanczos2' | 'lanczos3';

export interface ResizeOptions {
  /** Resampling kernel; default 'lanczos3' (sharp's default). */
  kernel?: ResizeKernel;
  /** Padding colour for `contain`; default black. */
  background?: Rgb;
}

const SHARP_FIT = { stretch: 'fill', cover: 'cover', contain: 'contain' } as const;

function assertSize(n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0 || n > 65_535) {
    throw new LumenError(
      'INVALID_PARAMS',
      `${what} must be an integer in 1..65535, got ${String(n)}.`,
    );
  }
}

/** Resizes an RGB image with sharp. The input is not modified. */
export async function resizeImage(
  img: RgbImage,
  width: number,
  height: number,
  fit: ResizeFit = 'stretch',
  options: ResizeOptions = {},
): Promise<RgbImage> {
  assertRgbImage(img, 'image');
  assertSize(width, 'width');
  assertSize(height, 'height');
  if (!(fit in SHARP_FIT)) {
    throw new LumenError(
      'INVALID_PARAMS',
      `fit must be 'stretch', 'cover' or 'contain', got ${JSON.stringify(fit)}.`,
    );
  }
  const background = options.background ?? [0, 0, 0];
  assertRgb(background, 'background');
  if (img.width === width && img.height === height) {
    return { width, height, data: img.data.slice() };
  }
  const [r, g, b] = background;
  const { data, info } = await sharp(img.data, {
    raw: { width: img.width, height: img.height, channels: 3 },
  })
    .resize(width, height, {
      fit: SHARP_FIT[fit],
      position: 'centre',
      kernel: options.kernel ?? 'lanczos3',
      background: { r, g, b, alpha: 1 },
    })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height || info.channels !== 3) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `Resizing produced ${info.width}x${info.height}x${info.channels}, expected ${width}x${height}x3.`,
    );
  }
  return { width, height, data: asPlainBytes(data) };
}
