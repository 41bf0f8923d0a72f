/**
 * The params each method is benchmarked with. The ratio is computed the same way whatever the
 * params (explanation time over the time of the very passes it made), so they only set how long
 * the benchmark takes: modest on the ResNet50-shaped network, each method's defaults (the
 * article's settings) on the small demo model. Methods not listed run with their defaults.
 */
export type ModelScale = 'large' | 'small';

export interface MethodSettings {
  params: Record<string, unknown>;
  /** Why these params, in the report. */
  note?: string;
}

const LARGE: Record<string, MethodSettings> = {
  lime: {
    params: { numSamples: 200 },
    note: "quickshift segmentation with lime's settings (the default)",
  },
  'shap-partition': {
    params: { maxEvals: 200 },
    note: "masker inpaint_telea (the article's, the default)",
  },
  occlusion: { params: { window: 32, stride: 16 }, note: '13 x 13 windows + the unoccluded image' },
  rise: { params: { numMasks: 500 } },
  'score-cam': {
    params: { maxChannels: 256 },
    note: "the 256 most varying of the last layer's 2048 channels (Faster Score-CAM); all 2048 would take 2048 forward passes",
  },
  'integrated-gradients': { params: { steps: 16 } },
  smoothgrad: { params: { samples: 16 } },
  'expected-gradients': { params: { nsamples: 16 } },
};

const SMALL: Record<string, MethodSettings> = {};

/** --quick: a few evaluations per method, to check that everything runs. */
const QUICK: Record<ModelScale, Record<string, MethodSettings>> = {
  large: {
    lime: { params: { numSamples: 48 } },
    'shap-partition': { params: { maxEvals: 48 } },
    occlusion: { params: { window: 56, stride: 56 } },
    rise: { params: { numMasks: 48 } },
    'score-cam': { params: { maxChannels: 32 } },
    'integrated-gradients': { params: { steps: 4 } },
    smoothgrad: { params: { samples: 4 } },
    'expected-gradients': { params: { nsamples: 4 } },
  },
  small: {
    lime: { params: { numSamples: 200 } },
    'shap-partition': { params: { maxEvals: 200 } },
    rise: { params: { numMasks: 200 } },
    'integrated-gradients': { params: { steps: 16 } },
    smoothgrad: { params: { samples: 16 } },
    'expected-gradients': { params: { nsamples: 32 } },
  },
};

export function methodSettings(method: string, scale: ModelScale, quick: boolean): MethodSettings {
  const table = quick ? QUICK[scale] : scale === 'large' ? LARGE : SMALL;
  return table[method] ?? { params: {} };
}
