import type { AnyExplainer } from '../contract/explainer.ts';
import { runExplainer } from '../contract/run-explainer.ts';
import { generateDemoDataset } from '../demo/dataset.ts';
import { loadDemoModel, type DemoModelVersion } from '../demo/models.ts';
import { toBatchTensor } from '../demo/tensor.ts';
import { pointingGame } from '../metrics/localisation.ts';
import { attributionToMap2D } from '../render/attribution.ts';
import type { ChannelReduction } from '../render/channels.ts';
import { tf } from '../tf.ts';

export interface PointingGameOptions {
  /** Demo model version; default 'v2' (trained on clean data). */
  version?: DemoModelVersion;
  /** Held-out demo images; default 40. */
  count?: number;
  params?: Record<string, unknown>;
  /** Pixels around the peak that still count as on the object; default 0. */
  tolerance?: number;
  /** How pixel maps ([h, w, 3]) become one value per pixel; default 'abs-sum'. */
  reduce?: ChannelReduction;
  batchSize?: number;
  seed?: number;
  /** Background images for explainers that need a reference set (demo images of another seed); default 0. */
  backgroundCount?: number;
}

export interface PointingGameResult {
  hits: number;
  count: number;
  rate: number;
  /** Indices of the samples whose peak missed the object. */
  misses: number[];
}

/** Seeds and indices no demo model was trained or tested on. */
const HELD_OUT = { seed: 424242, startIndex: 9_000_000 };
const BACKGROUND = { seed: 434343, startIndex: 9_000_000 };

/**
 * The pointing game (Zhang et al. 2016) of an explainer on a demo model: on clean held-out demo
 * images, explain the true class and count how often the map's strongest pixel lies on the
 * object's ground-truth mask. Every plugin's tests assert a floor with it.
 */
export async function measurePointingGame(explainer: AnyExplainer, options: PointingGameOptions = {}): Promise<PointingGameResult> {
  const model = await loadDemoModel(options.version ?? 'v2');
  const samples = generateDemoDataset({ ...HELD_OUT, count: options.count ?? 40, cueOverride: 'absent' });
  const misses: number[] = [];
  const background = options.backgroundCount
    ? toBatchTensor(generateDemoDataset({ ...BACKGROUND, count: options.backgroundCount, cueOverride: 'absent' }))
    : undefined;
  try {
    for (const sample of samples) {
      const image = tf.tensor3d(Float32Array.from(sample.image), [sample.height, sample.width, 3]);
      try {
        const result = await runExplainer(explainer, {
          model,
          image,
          targets: [sample.classIndex],
          seed: options.seed ?? 0,
          ...(options.params ? { params: options.params } : {}),
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
          ...(background ? { background } : {}),
        });
        const attribution = result.attributions[0];
        if (!attribution) throw new Error(`${explainer.id} returned no map for sample ${sample.index}`);
        const map = attributionToMap2D(attribution.map, { signed: attribution.signed, reduce: options.reduce ?? 'abs-sum' });
        if (!pointingGame(map, sample.mask, { tolerance: options.tolerance ?? 0 }).hit) misses.push(sample.index);
      } finally {
        image.dispose();
      }
    }
  } finally {
    model.dispose();
    background?.dispose();
  }
  return { hits: samples.length - misses.length, count: samples.length, rate: (samples.length - misses.length) / samples.length, misses };
}
