import type { AttributionMap, Map2D } from '../contract/attribution.ts';
import type { RgbImage } from '../image/types.ts';
import { reduceChannels, type ChannelReduction } from './channels.ts';
import type { Colormap } from './colormaps.ts';
import { overlayHeatmap, renderHeatmap } from './heatmap.ts';

export interface AttributionRenderOptions {
  /** Whether negative values carry meaning; signed maps use a symmetric range and the diverging map. */
  signed: boolean;
  /** Default: 'diverging' for signed maps, 'jet' otherwise. */
  colormap?: Colormap;
  /** Heatmap weight in the overlay; default 0.4 (the article's). */
  alpha?: number;
  /** How per-channel maps become one value per pixel; default 'sum' when signed, 'abs-sum' otherwise. */
  reduce?: ChannelReduction;
}

/** Any attribution map as one value per pixel, ready to colour. */
export function attributionToMap2D(map: AttributionMap, options: Pick<AttributionRenderOptions, 'signed' | 'reduce'>): Map2D {
  if (map.shape.length === 2) return { data: map.data, width: map.shape[1], height: map.shape[0] };
  return reduceChannels(map, options.reduce ?? (options.signed ? 'sum' : 'abs-sum'));
}

/** The map coloured on its own, at its own size. */
export function renderAttribution(map: AttributionMap, options: AttributionRenderOptions): RgbImage {
  return renderHeatmap(attributionToMap2D(map, options), {
    range: options.signed ? 'signed' : 'auto',
    ...(options.colormap ? { colormap: options.colormap } : {}),
  });
}

/** The map coloured and blended over `image` (upsampled to the image's size). */
export function overlayAttribution(image: RgbImage, map: AttributionMap, options: AttributionRenderOptions): Promise<RgbImage> {
  return overlayHeatmap(image, attributionToMap2D(map, options), {
    range: options.signed ? 'signed' : 'auto',
    alpha: options.alpha ?? 0.4,
    ...(options.colormap ? { colormap: options.colormap } : {}),
  });
}
