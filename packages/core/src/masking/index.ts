export {
  rootRegion,
  splitRegion,
  regionSize,
  regionKey,
  fillRegion,
  addToRegion,
  type ImageRegion,
  type ImageShape,
} from './partition-tree.ts';
export {
  createInpainter,
  inpaint,
  type Inpainter,
  type InpaintMethod,
  type InpaintOptions,
} from './inpaint.ts';
export { createImageMasker, type ImageMasker, type ImageMaskerSpec } from './image-masker.ts';
