import { colormapGradient, type ColormapName } from '../../lib/colormaps.ts';

export function ColormapLegend({
  colormap,
  low,
  high,
  middle,
}: {
  colormap: ColormapName;
  low: string;
  high: string;
  middle?: string;
}) {
  return (
    <div
      className="legend"
      aria-label={`Colour scale: ${low}${middle ? ` to ${middle}` : ''} to ${high}`}
      role="img"
    >
      <span>{low}</span>
      <span className="legend-bar" style={{ background: colormapGradient(colormap) }} />
      {middle ? <span className="visually-hidden">{middle}</span> : null}
      <span>{high}</span>
    </div>
  );
}
