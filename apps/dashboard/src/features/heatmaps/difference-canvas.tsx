'use client';

import { useEffect, useMemo, useRef } from 'react';
import type { DivergingColormap } from '../../lib/colormaps.ts';
import {
  differenceMap,
  differencePositions,
  type DifferenceMap,
  type Map2D,
} from '../../lib/maps.ts';
import { canvasSize, colouredCanvas, drawOverlay } from './draw.ts';
import { loadAttribution } from './load.ts';
import { useAsync } from './use-async.ts';

export interface MapSource {
  npyUrl: string;
  signed: boolean;
}

/**
 * B's map minus A's, each normalised first (see normaliseMap), drawn with a diverging
 * colormap: one end where B attributes more, the other where A does, neutral where they agree.
 */
export function DifferenceCanvas({
  a,
  b,
  colormap,
  label,
  onComputed,
}: {
  a: MapSource;
  b: MapSource;
  colormap: DivergingColormap;
  label: string;
  onComputed?: (diff: DifferenceMap) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const maps = useAsync<[Map2D, Map2D]>(`${a.signed}:${a.npyUrl}|${b.signed}:${b.npyUrl}`, () =>
    Promise.all([loadAttribution(a.npyUrl, a.signed), loadAttribution(b.npyUrl, b.signed)]),
  );
  const diff = useMemo(
    () =>
      maps.value
        ? differenceMap(
            { map: maps.value[0], signed: a.signed },
            { map: maps.value[1], signed: b.signed },
          )
        : null,
    [maps.value, a.signed, b.signed],
  );
  const heat = useMemo(
    () => (diff ? colouredCanvas(diff.map, differencePositions(diff), colormap) : null),
    [diff, colormap],
  );

  useEffect(() => {
    if (diff && onComputed) onComputed(diff);
  }, [diff, onComputed]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !heat || !diff) return;
    const size = canvasSize(diff.map.width, diff.map.height);
    canvas.width = size.width;
    canvas.height = size.height;
    drawOverlay(canvas, null, heat, 1);
    canvas.dataset['rendered'] = 'true';
  }, [heat, diff]);

  return (
    <div className="heatmap-frame">
      <canvas
        ref={canvasRef}
        className="heatmap"
        role="img"
        aria-label={label}
        data-difference=""
      />
      {maps.error ? (
        <div className="state-overlay" role="alert">
          Cannot compute the difference: {maps.error.message}
        </div>
      ) : maps.loading ? (
        <div className="state-overlay">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">Loading maps</span>
        </div>
      ) : null}
    </div>
  );
}
