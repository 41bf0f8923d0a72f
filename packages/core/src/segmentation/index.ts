/** Superpixel segmentation (quickshift, SLIC, grid) for perturbation explainers and rendering. */
export { quickshift, type QuickshiftOptions } from './quickshift.ts';
export { slic, type SlicOptions } from './slic.ts';
export { gridSegments, type GridOptions } from './grid.ts';
export { segmentImage, SEGMENTATION_ALGORITHMS, type SegmentationSpec } from './segment.ts';
export { type SegmentationImage } from './input.ts';
export { rgbToLab } from './lab.ts';
export { segmentCount, relabelSequential } from './labels.ts';
