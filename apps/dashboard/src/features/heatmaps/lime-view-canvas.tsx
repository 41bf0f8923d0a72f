'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { renderLimeView, selectSuperpixels, type LimeViewOptions } from '../../lib/lime-view.ts';
import { asFloat32, asInt32 } from '../../lib/npy.ts';
import { canvasSize } from './draw.ts';
import { loadImage, loadNpy } from './load.ts';
import { useAsync } from './use-async.ts';

interface ArrayRef {
  url: string;
}

export interface SuperpixelExtras {
  segments: ArrayRef;
  weights: ArrayRef;
  features?: ArrayRef;
  view?: Partial<LimeViewOptions>;
}

function isArrayRef(value: unknown): value is ArrayRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { url?: unknown }).url === 'string'
  );
}

/** Whether an explanation's extras carry what the superpixel view needs (LIME's do). */
export function superpixelExtras(extras: unknown): SuperpixelExtras | null {
  if (!extras || typeof extras !== 'object') return null;
  const e = extras as Record<string, unknown>;
  if (!isArrayRef(e['segments']) || !isArrayRef(e['weights'])) return null;
  return {
    segments: e['segments'],
    weights: e['weights'],
    ...(isArrayRef(e['features']) ? { features: e['features'] } : {}),
    ...(e['view'] && typeof e['view'] === 'object'
      ? { view: e['view'] as Partial<LimeViewOptions> }
      : {}),
  };
}

interface Loaded {
  image: HTMLImageElement;
  segments: Int32Array;
  weights: Float32Array;
  order: Int32Array;
}

async function load(imageUrl: string, extras: SuperpixelExtras): Promise<Loaded> {
  const [image, segments, weights, features] = await Promise.all([
    loadImage(imageUrl),
    loadNpy(extras.segments.url),
    loadNpy(extras.weights.url),
    extras.features ? loadNpy(extras.features.url) : Promise.resolve(null),
  ]);
  const w = asFloat32(weights);
  const order = features
    ? asInt32(features)
    : Int32Array.from(w.keys()).sort((x, y) => Math.abs(w[y] ?? 0) - Math.abs(w[x] ?? 0));
  return { image, segments: asInt32(segments), weights: w, order };
}

/**
 * LIME's picture (the article's positive / negative superpixel masks), redrawn from the raw
 * segments and weights so its options can be changed here.
 */
export function LimeViewCanvas({
  imageUrl,
  extras,
  width,
  height,
  label,
}: {
  imageUrl: string;
  extras: SuperpixelExtras;
  width: number;
  height: number;
  label: string;
}) {
  const id = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [options, setOptions] = useState<LimeViewOptions>({
    positiveOnly: extras.view?.positiveOnly ?? true,
    negativeOnly: extras.view?.negativeOnly ?? false,
    numFeatures: Math.min(extras.view?.numFeatures ?? 5, 50),
    hideRest: extras.view?.hideRest ?? false,
    minWeight: extras.view?.minWeight ?? 0,
  });
  const data = useAsync<Loaded>(`${imageUrl}|${extras.segments.url}`, () => load(imageUrl, extras));
  const selection = useMemo(
    () => (data.value ? selectSuperpixels(data.value.order, data.value.weights, options) : null),
    [data.value, options],
  );
  const segmentCount = data.value?.weights.length ?? 0;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !data.value || !selection) return;
    if (data.value.segments.length !== width * height) return;
    const source = document.createElement('canvas');
    source.width = width;
    source.height = height;
    const sourceContext = source.getContext('2d');
    if (!sourceContext) return;
    sourceContext.drawImage(data.value.image, 0, 0, width, height);
    const pixels = renderLimeView(
      sourceContext.getImageData(0, 0, width, height).data,
      data.value.segments,
      width,
      height,
      selection,
      options,
    );
    sourceContext.putImageData(new ImageData(pixels, width, height), 0, 0);
    const size = canvasSize(width, height);
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) return;
    context.imageSmoothingEnabled = false;
    context.drawImage(source, 0, 0, size.width, size.height);
    canvas.dataset['rendered'] = 'true';
  }, [data.value, selection, options, width, height]);

  const mode = options.positiveOnly ? 'positive' : options.negativeOnly ? 'negative' : 'both';
  const sizeMismatch = data.value && data.value.segments.length !== width * height;
  return (
    <div className="stack">
      <div className="heatmap-frame">
        <canvas
          ref={canvasRef}
          className="heatmap"
          role="img"
          aria-label={label}
          data-superpixels=""
        />
        {data.error || sizeMismatch ? (
          <div className="state-overlay" role="alert">
            Cannot draw the superpixels:{' '}
            {data.error?.message ?? 'the segments do not match the map size'}
          </div>
        ) : data.loading ? (
          <div className="state-overlay">
            <span className="spinner" aria-hidden="true" />
          </div>
        ) : null}
      </div>
      <fieldset className="small">
        <legend>Superpixels shown</legend>
        <div className="checks">
          {(['positive', 'negative', 'both'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === value}
                onChange={() =>
                  setOptions({
                    ...options,
                    positiveOnly: value === 'positive',
                    negativeOnly: value === 'negative',
                  })
                }
              />
              {value === 'positive' ? 'For the class' : value === 'negative' ? 'Against' : 'Both'}
            </label>
          ))}
        </div>
        <div className="row">
          <label className="field">
            <span>Top superpixels: {options.numFeatures}</span>
            <input
              type="range"
              min={1}
              max={Math.max(1, Math.min(50, segmentCount || 50))}
              value={options.numFeatures}
              onChange={(e) => setOptions({ ...options, numFeatures: Number(e.target.value) })}
            />
          </label>
          <label className="checks">
            <input
              type="checkbox"
              checked={options.hideRest}
              onChange={(e) => setOptions({ ...options, hideRest: e.target.checked })}
            />
            Hide the rest
          </label>
        </div>
        {selection ? (
          <p className="muted" aria-live="polite">
            {selection.positive.length} for, {selection.negative.length} against, of {segmentCount}{' '}
            superpixels
          </p>
        ) : null}
      </fieldset>
    </div>
  );
}
