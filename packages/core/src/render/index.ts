export {
  COLORMAP_NAMES,
  LUT_SIZE,
  colorAt,
  colormapLut,
  lutIndex,
  type Colormap,
  type ColormapName,
} from './colormaps.ts';
export { resolveRange, toUnit, type MapRange, type ResolvedRange } from './range.ts';
export {
  renderHeatmap,
  overlayHeatmap,
  type HeatmapOptions,
  type OverlayOptions,
} from './heatmap.ts';
export { resizeMap, type MapResizeMethod } from './resize-map.ts';
export { reduceChannels, type ChannelReduction } from './channels.ts';
export {
  drawBoundaries,
  findBoundaries,
  type BoundaryMode,
  type BoundaryOptions,
} from './boundaries.ts';
export {
  renderSuperpixelMask,
  selectSuperpixels,
  type SegmentWeights,
  type SuperpixelMaskOptions,
  type SuperpixelSelectOptions,
  type SuperpixelSelection,
} from './superpixels.ts';
export { articleNormalize, renderPixelMap } from './pixel-map.ts';
export { assertMap2D } from './maps.ts';
export { attributionToMap2D, overlayAttribution, renderAttribution, type AttributionRenderOptions } from './attribution.ts';
