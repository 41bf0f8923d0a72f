export { decodeNpy, encodeNpy, type NpyArray, type NpyDtype, type NpyFile } from './npy.ts';
export { boxBlur, gaussianBlur } from './blur.ts';
