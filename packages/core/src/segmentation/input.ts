import { LumenError } from '../errors.ts';

/** An RGB image to segment: interleaved r,g,b per pixel, row-major, values 0..255. */
export interface SegmentationImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

export function assertSegmentationImage(image: SegmentationImage): void {
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `the image to segment has width ${String(width)} and height ${String(height)}; both must be positive integers.`,
    );
  }
  if (image.data.length !== width * height * 3) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `the image to segment is ${width}x${height}, so it needs ${width * height * 3} interleaved RGB values, but it has ${image.data.length}.`,
      { details: { width, height, length: image.data.length } },
    );
  }
}

export function requireNumber(
  name: string,
  value: number,
  ok: (v: number) => boolean,
  rule: string,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new LumenError('INVALID_PARAMS', `${name} must be ${rule}, got ${String(value)}.`);
  }
}
