import type { Map2D } from '../contract/attribution.ts';
import { LumenError } from '../errors.ts';
import { assertRgbImage, type RgbImage } from '../image/types.ts';
import { resolveLut, lutIndex, type Colormap } from './colormaps.ts';
import { assertMap2D } from './maps.ts';
import { resolveRange, toUnit, type MapRange, type ResolvedRange } from './range.ts';
import { resizeMap } from './resize-map.ts';

export interface HeatmapOptions {
  /** Default 'diverging' when range is 'signed', else 'jet'. */
  colormap?: Colormap;
  /** Default 'auto'. */
  range?: MapRange;
}

export interface OverlayOptions extends HeatmapOptions {
  /** Weight of the heatmap in the blend, 0..1; default 0.4. */
  alpha?: number;
}

function defaultColormap(options: HeatmapOptions): Colormap {
  return options.colormap ?? (options.range === 'signed' ? 'diverging' : 'jet');
}

function colorize(
  values: Float32Array,
  width: number,
  height: number,
  range: ResolvedRange,
  colormap: Colormap,
): RgbImage {
  const lut = resolveLut(colormap);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < values.length; i++) {
    const k = 3 * lutIndex(toUnit(values[i] ?? NaN, range));
    data[3 * i] = lut[k] ?? 0;
    data[3 * i + 1] = lut[k + 1] ?? 0;
    data[3 * i + 2] = lut[k + 2] ?? 0;
  }
  return { width, height, data };
}

/**
 * A map as a colour image of the same size. 'signed' maps -m..m (m = max |value|)
 * symmetrically, so 0 is the diverging map's neutral centre.
 */
export function renderHeatmap(map: Map2D, options: HeatmapOptions = {}): RgbImage {
  assertMap2D(map, 'map');
  const range = resolveRange(map.data, options.range ?? 'auto');
  return colorize(map.data, map.width, map.height, range, defaultColormap(options));
}

/**
 * Blends a heatmap over an image: out = round((1 - alpha) * image + alpha * heat).
 * The map is upsampled bilinearly (half-pixel, like cv2.resize) to the image size; its
 * range is taken from the map before upsampling.
 */
export async function overlayHeatmap(
  image: RgbImage,
  map: Map2D,
  options: OverlayOptions = {},
): Promise<RgbImage> {
  assertRgbImage(image, 'image');
  assertMap2D(map, 'map');
  const alpha = options.alpha ?? 0.4;
  if (!(alpha >= 0 && alpha <= 1)) {
    throw new LumenError('INVALID_PARAMS', `alpha must be between 0 and 1, got ${String(alpha)}.`);
  }
  const range = resolveRange(map.data, options.range ?? 'auto');
  const upsampled = resizeMap(map, image.width, image.height, 'bilinear');
  const heat = colorize(upsampled.data, image.width, image.height, range, defaultColormap(options));
  const data = new Uint8Array(image.data.length);
  const keep = 1 - alpha;
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.round(keep * (image.data[i] ?? 0) + alpha * (heat.data[i] ?? 0));
  }
  return { width: image.width, height: image.height, data };
}
