import {
  renderSuperpixelMask,
  selectSuperpixels,
  type RgbImage,
  type SuperpixelMaskOptions,
} from '@lumen/core';

/** The options of lime's `ImageExplanation.get_image_and_mask`. */
export interface LimeViewOptions {
  positiveOnly: boolean;
  negativeOnly: boolean;
  numFeatures: number;
  hideRest: boolean;
  minWeight: number;
}

/** Which superpixels get_image_and_mask shows, split by the sign of their weight. */
export interface LimeView extends LimeViewOptions {
  positive: number[];
  negative: number[];
}

/** What a LIME explanation carries that its picture needs. */
export interface LimeViewSource {
  segments: Int32Array;
  /** The surrogate's superpixels by decreasing |weight| (lime's local_exp order). */
  features: Int32Array;
  /** A weight per superpixel, indexed by label. */
  weights: Float32Array;
  view: LimeViewOptions;
}

/** The surrogate's weights in lime's local_exp order; superpixels left out by feature selection are absent. */
export function explanationWeights(
  source: Pick<LimeViewSource, 'features' | 'weights'>,
): Map<number, number> {
  return new Map(
    Array.from(source.features, (segment) => [segment, source.weights[segment] as number]),
  );
}

export function limeView(
  segments: Int32Array,
  weights: ReadonlyMap<number, number>,
  options: LimeViewOptions,
): LimeView {
  const { features } = selectSuperpixels(segments, weights, {
    positiveOnly: options.positiveOnly,
    negativeOnly: options.negativeOnly,
    numFeatures: options.numFeatures,
    minWeight: options.minWeight,
  });
  return {
    ...options,
    positive: features.filter((f) => f.weight > 0).map((f) => f.segment),
    negative: features.filter((f) => f.weight < 0).map((f) => f.segment),
  };
}

export interface RenderLimeViewOptions extends Partial<LimeViewOptions> {
  /** Outline of the shown superpixels; default yellow, as mark_boundaries. `false`: none. */
  boundaries?: SuperpixelMaskOptions['boundaries'];
}

/**
 * The picture the article draws with `mark_boundaries(*explanation.get_image_and_mask(...))`:
 * the chosen superpixels (green where they raise the class, red where they lower it when
 * both signs are shown), the rest kept or blacked out, the chosen area outlined. Options
 * default to the view the explanation was made with.
 */
export function renderLimeView(
  image: RgbImage,
  explanation: LimeViewSource,
  options: RenderLimeViewOptions = {},
): RgbImage {
  const { boundaries, ...overrides } = options;
  const view = { ...explanation.view, ...overrides };
  return renderSuperpixelMask(image, explanation.segments, explanationWeights(explanation), {
    positiveOnly: view.positiveOnly,
    negativeOnly: view.negativeOnly,
    numFeatures: view.numFeatures,
    minWeight: view.minWeight,
    hideRest: view.hideRest,
    ...(boundaries !== undefined ? { boundaries } : {}),
  });
}
