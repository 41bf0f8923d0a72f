export type { RgbImage, RgbaImage, Rgb } from './types.ts';
export { assertRgbImage } from './types.ts';
export { SUPPORTED_IMAGE_FORMATS, sniffImageFormat, type SupportedImageFormat } from './format.ts';
export {
  DEFAULT_BACKGROUND,
  DEFAULT_IMAGE_LIMITS,
  decodeImage,
  readImageHeader,
  type DecodeOptions,
  type ImageHeader,
  type ImageLimits,
} from './decode.ts';
export { resizeImage, type ResizeFit, type ResizeKernel, type ResizeOptions } from './resize.ts';
export { imageToTensor, tensorToImage } from './convert.ts';
export { encodePng } from './encode.ts';
export { prepareImage, type PreparedImage } from './prepare.ts';
