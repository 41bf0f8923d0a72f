'use client';

import { useEffect, useMemo, useRef } from 'react';
import { isDiverging, type ColormapName } from '../../lib/colormaps.ts';
import { colormapPositions, type Map2D } from '../../lib/maps.ts';
import { canvasSize, colouredCanvas, drawOverlay } from './draw.ts';
import { loadAttribution, loadImage } from './load.ts';
import { useAsync } from './use-async.ts';

export interface HeatmapCanvasProps {
  npyUrl: string;
  signed: boolean;
  imageUrl?: string | null;
  colormap: ColormapName;
  /** Opacity of the heatmap over the image; 1 (or no image) shows the heatmap alone. */
  opacity: number;
  label: string;
}

/**
 * An attribution map rendered in the browser from its raw values (the .npy), over the image:
 * colormap and opacity change instantly, without asking the server for new pictures.
 */
export function HeatmapCanvas({
  npyUrl,
  signed,
  imageUrl,
  colormap,
  opacity,
  label,
}: HeatmapCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const map = useAsync<Map2D>(`${signed}:${npyUrl}`, () => loadAttribution(npyUrl, signed));
  const image = useAsync<HTMLImageElement>(imageUrl ?? null, () => loadImage(imageUrl as string));
  const effectiveColormap = signed !== isDiverging(colormap) ? null : colormap;
  const heat = useMemo(
    () =>
      map.value && effectiveColormap
        ? colouredCanvas(map.value, colormapPositions(map.value, signed), effectiveColormap)
        : null,
    [map.value, signed, effectiveColormap],
  );
  const size = map.value
    ? canvasSize(
        image.value?.naturalWidth ?? map.value.width,
        image.value?.naturalHeight ?? map.value.height,
      )
    : null;
  const imagePending = Boolean(imageUrl) && image.loading;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !heat || !size || imagePending) return;
    canvas.width = size.width;
    canvas.height = size.height;
    drawOverlay(canvas, image.value ?? null, heat, opacity);
    canvas.dataset['rendered'] = 'true';
  }, [heat, image.value, opacity, size?.width, size?.height, imagePending]);

  const error =
    map.error ??
    (effectiveColormap
      ? undefined
      : new Error(`${colormap} is not a ${signed ? 'diverging' : 'sequential'} colormap`));
  return (
    <div className="heatmap-frame">
      <canvas ref={canvasRef} className="heatmap" role="img" aria-label={label} data-heatmap="" />
      {error ? (
        <div className="state-overlay" role="alert">
          Cannot draw this map: {error.message}
        </div>
      ) : map.loading || imagePending ? (
        <div className="state-overlay">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">Loading heatmap</span>
        </div>
      ) : null}
    </div>
  );
}
