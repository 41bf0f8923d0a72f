'use client';

import { useId } from 'react';
import { COLORMAP_LABELS, DIVERGING_COLORMAPS, SEQUENTIAL_COLORMAPS } from '../../lib/colormaps.ts';
import type { ViewState } from '../../lib/query-state.ts';
import { ColormapLegend } from './colormap-legend.tsx';

/** Colormaps (for unsigned and for signed maps) and the heatmap's opacity over the image. */
export function ViewControls({
  view,
  onChange,
  showSigned = true,
  showUnsigned = true,
}: {
  view: ViewState;
  onChange: (view: ViewState) => void;
  showSigned?: boolean;
  showUnsigned?: boolean;
}) {
  const id = useId();
  return (
    <div className="toolbar" role="group" aria-label="How heatmaps are drawn">
      {showUnsigned ? (
        <div className="field">
          <label htmlFor={`${id}-cmap`}>Colormap</label>
          <select
            id={`${id}-cmap`}
            value={view.colormap}
            onChange={(e) =>
              onChange({ ...view, colormap: e.target.value as ViewState['colormap'] })
            }
          >
            {SEQUENTIAL_COLORMAPS.map((name) => (
              <option key={name} value={name}>
                {COLORMAP_LABELS[name]}
              </option>
            ))}
          </select>
          <ColormapLegend colormap={view.colormap} low="low" high="high" />
        </div>
      ) : null}
      {showSigned ? (
        <div className="field">
          <label htmlFor={`${id}-dcmap`}>Signed maps</label>
          <select
            id={`${id}-dcmap`}
            value={view.divergingColormap}
            onChange={(e) =>
              onChange({
                ...view,
                divergingColormap: e.target.value as ViewState['divergingColormap'],
              })
            }
          >
            {DIVERGING_COLORMAPS.map((name) => (
              <option key={name} value={name}>
                {COLORMAP_LABELS[name]}
              </option>
            ))}
          </select>
          <ColormapLegend
            colormap={view.divergingColormap}
            low="against"
            middle="zero"
            high="for"
          />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-opacity`}>
          Heatmap opacity <span className="mono">{Math.round(view.opacity * 100)}%</span>
        </label>
        <input
          id={`${id}-opacity`}
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={view.opacity}
          onChange={(e) => onChange({ ...view, opacity: Number(e.target.value) })}
          aria-valuetext={`${Math.round(view.opacity * 100)} percent`}
        />
      </div>
    </div>
  );
}
