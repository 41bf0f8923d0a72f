import { colourise, type ColormapName } from '../../lib/colormaps.ts';
import type { Map2D } from '../../lib/maps.ts';

/** Longest side, in canvas pixels, of what the dashboard draws. */
export const MAX_CANVAS_SIDE = 384;

export function canvasSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_CANVAS_SIDE / Math.max(width, height));
  const up = Math.max(1, Math.floor(256 / Math.max(width, height)));
  const factor = scale < 1 ? scale : up;
  return {
    width: Math.max(1, Math.round(width * factor)),
    height: Math.max(1, Math.round(height * factor)),
  };
}

/** The colormap applied to positions in [0, 1], as a canvas the size of the map. */
export function colouredCanvas(
  map: Map2D,
  positions: Float32Array,
  colormap: ColormapName,
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = map.width;
  canvas.height = map.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.putImageData(new ImageData(colourise(positions, colormap), map.width, map.height), 0, 0);
  return canvas;
}

/** The image, then the heatmap over it with `opacity` (1: the heatmap alone), smoothly upsampled. */
export function drawOverlay(
  target: HTMLCanvasElement,
  image: HTMLImageElement | null,
  heat: HTMLCanvasElement,
  opacity: number,
): void {
  const context = target.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.save();
  context.clearRect(0, 0, target.width, target.height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  if (image && opacity < 1) context.drawImage(image, 0, 0, target.width, target.height);
  context.globalAlpha = image ? opacity : 1;
  context.drawImage(heat, 0, 0, target.width, target.height);
  context.restore();
}
