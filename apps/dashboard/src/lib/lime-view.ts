/**
 * LIME's superpixel picture, redrawn in the browser from an explanation's extras (segments,
 * per-superpixel weights and their order), with the options of lime's `get_image_and_mask`:
 * the superpixels that raise the class (green), those that lower it (red), the rest kept or
 * blacked out, and the shown area outlined in yellow as `mark_boundaries` does.
 */
export interface LimeViewOptions {
  positiveOnly: boolean;
  negativeOnly: boolean;
  numFeatures: number;
  hideRest: boolean;
  minWeight: number;
}

export interface LimeSelection {
  positive: number[];
  negative: number[];
}

/** `order`: superpixels by decreasing |weight| (lime's local_exp); `weights[s]`: weight of superpixel s. */
export function selectSuperpixels(
  order: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: LimeViewOptions,
): LimeSelection {
  const ranked = Array.from(order, (segment) => ({ segment, weight: weights[segment] ?? 0 }));
  const limit = Math.max(0, Math.floor(options.numFeatures));
  if (options.positiveOnly) {
    return {
      positive: ranked
        .filter((f) => f.weight > 0 && f.weight > options.minWeight)
        .slice(0, limit)
        .map((f) => f.segment),
      negative: [],
    };
  }
  if (options.negativeOnly) {
    return {
      positive: [],
      negative: ranked
        .filter((f) => f.weight < 0 && Math.abs(f.weight) > options.minWeight)
        .slice(0, limit)
        .map((f) => f.segment),
    };
  }
  const shown = ranked.slice(0, limit).filter((f) => Math.abs(f.weight) >= options.minWeight);
  return {
    positive: shown.filter((f) => f.weight > 0).map((f) => f.segment),
    negative: shown.filter((f) => f.weight < 0).map((f) => f.segment),
  };
}

const BOUNDARY: readonly [number, number, number] = [255, 255, 0];

/**
 * RGBA pixels of the view. `image` and `segments` are at the same size (width x height).
 * With both signs shown, positive superpixels get their green channel and negative ones their
 * red channel raised to the image's maximum, as lime colours them.
 */
export function renderLimeView(
  image: Uint8ClampedArray,
  segments: ArrayLike<number>,
  width: number,
  height: number,
  selection: LimeSelection,
  options: Pick<LimeViewOptions, 'hideRest' | 'positiveOnly' | 'negativeOnly'> & {
    boundaries?: boolean;
  },
): Uint8ClampedArray<ArrayBuffer> {
  const n = width * height;
  if (image.length !== n * 4 || segments.length !== n)
    throw new Error(`image and segments must both cover ${width} x ${height} pixels`);
  const label = new Int8Array(n);
  const positive = new Set(selection.positive);
  const negative = new Set(selection.negative);
  for (let p = 0; p < n; p++) {
    const s = segments[p] ?? -1;
    label[p] = positive.has(s) ? 1 : negative.has(s) ? -1 : 0;
  }
  let brightest = 0;
  for (let p = 0; p < n; p++)
    brightest = Math.max(
      brightest,
      image[p * 4] ?? 0,
      image[p * 4 + 1] ?? 0,
      image[p * 4 + 2] ?? 0,
    );
  const colourBySign = !options.positiveOnly && !options.negativeOnly;

  const out = new Uint8ClampedArray(new ArrayBuffer(n * 4));
  for (let p = 0; p < n; p++) {
    const shown = label[p] !== 0;
    for (let c = 0; c < 3; c++)
      out[p * 4 + c] = shown || !options.hideRest ? (image[p * 4 + c] ?? 0) : 0;
    if (shown && colourBySign) out[p * 4 + (label[p] === 1 ? 1 : 0)] = brightest;
    out[p * 4 + 3] = 255;
  }
  if (options.boundaries !== false) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        if (label[p] === 0) continue;
        const edge =
          (x > 0 && label[p - 1] !== label[p]) ||
          (x < width - 1 && label[p + 1] !== label[p]) ||
          (y > 0 && label[p - width] !== label[p]) ||
          (y < height - 1 && label[p + width] !== label[p]);
        if (edge) out.set(BOUNDARY, p * 4);
      }
    }
  }
  return out;
}
