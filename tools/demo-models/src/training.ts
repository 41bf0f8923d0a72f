import { createRandom, tf, type tfl } from '@lumen/core';
import { generateDemoDataset, toLabelTensor, type DemoSample } from '@lumen/core/demo';
import {
  accuracy,
  measureCueReliance,
  modelInput,
  predictClasses,
  type CueReliance,
} from './evaluate.ts';
import {
  createAttentionStep,
  offObjectWeights,
  type AttentionStepResult,
} from './attention-prior.ts';
import { buildDemoClassifier, LAST_CONV_LAYER, type DemoClassifierOptions } from './model.ts';
import {
  CLASS_NAMES,
  TEST_START_INDEX,
  type TrainingSettings,
  type VersionRecipe,
} from './recipe.ts';

export interface EpochLog {
  epoch: number;
  pooling: 'average' | 'max';
  learningRate: number;
  loss: number;
  accuracy: number;
  seconds: number;
  /** Accuracy on a small slice of the held-out set of the model's own distribution. */
  heldOutAccuracy?: number;
  /** With an attention prior: the mean share of last_conv activation off the object. */
  offObjectShare?: number;
}

export interface TrainingResult {
  model: tfl.LayersModel;
  epochs: EpochLog[];
  trainWithMark: number;
  testOwn: DemoSample[];
  testClean: DemoSample[];
  ownAccuracy: number;
  cleanAccuracy: number;
  perClassCleanAccuracy: Record<string, number>;
  cueReliance: CueReliance;
  trainSeconds: number;
}

export type Log = (message: string) => void;

/** Adam keeps its rate in a field the typings mark protected; the step decay sets it. */
function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** The training images of a version: samples 0..trainCount-1 of the seed, cue per recipe. */
export function trainingSet(recipe: VersionRecipe, settings: TrainingSettings): DemoSample[] {
  return generateDemoDataset({ seed: settings.seed, count: settings.trainCount, cue: recipe.cue });
}

/** Held-out images (indices from TEST_START_INDEX), from the version's own distribution or clean. */
export function testSet(settings: TrainingSettings, cue: VersionRecipe['cue']): DemoSample[] {
  return generateDemoDataset({
    seed: settings.seed,
    count: settings.testCount,
    startIndex: TEST_START_INDEX,
    cue,
  });
}

/**
 * Trains one version with seeded initialisers and seeded per-epoch shuffling through
 * `trainOnBatch` (model.fit would shuffle with Math.random), then measures it.
 */
export async function trainVersion(
  recipe: VersionRecipe,
  settings: TrainingSettings,
  options: { log?: Log; architecture?: Partial<DemoClassifierOptions>; monitorCount?: number } = {},
): Promise<TrainingResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const train = trainingSet(recipe, settings);
  const testOwn = testSet(settings, recipe.cue);
  const testClean = recipe.cue ? testSet(settings, null) : testOwn;
  const monitor = testOwn.slice(0, options.monitorCount ?? 0);
  log(
    `${recipe.version}: ${train.length} training images (${train.filter((s) => s.hasCue).length} with the mark)`,
  );

  const build = (pooling: 'average' | 'max') =>
    buildDemoClassifier({
      seed: settings.seed,
      classCount: CLASS_NAMES.length,
      ...options.architecture,
      pooling,
    });
  const compile = (m: tfl.LayersModel) => {
    const optimizer = tf.train.adam(settings.learningRate);
    m.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return optimizer;
  };
  let model: tfl.LayersModel = build(settings.warmupEpochs > 0 ? 'max' : 'average');
  let optimizer = compile(model);
  type Step = (x: tf.Tensor4D, y: tf.Tensor2D, batch: DemoSample[]) => Promise<AttentionStepResult>;
  const stepFor = (m: tfl.LayersModel, o: tf.Optimizer, epoch: number): Step => {
    if (recipe.attentionPrior > 0 && epoch >= recipe.attentionFromEpoch) {
      const [gridH, gridW] = lastConvShape(m) as [number, number];
      const attentionStep = createAttentionStep(m, LAST_CONV_LAYER, o, recipe.attentionPrior);
      return async (x, y, batch) => {
        const offObject = offObjectWeights(batch, gridH, gridW);
        try {
          return await attentionStep(x, y, offObject);
        } finally {
          offObject.dispose();
        }
      };
    }
    return async (x, y, batch) => {
      const [loss, acc] = (await m.trainOnBatch(x, y)) as number[];
      return {
        loss: loss ?? Number.NaN,
        crossEntropy: loss ?? Number.NaN,
        offObjectShare: Number.NaN,
        correct: (acc ?? Number.NaN) * batch.length,
      };
    };
  };
  let step = stepFor(model, optimizer, 1);

  const random = createRandom(settings.seed).fork(`shuffle/${recipe.version}`);
  const indices = train.map((_, i) => i);
  const epochs: EpochLog[] = [];
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const epochStart = performance.now();
    if (epoch === settings.warmupEpochs + 1 && settings.warmupEpochs > 0) {
      // End of the warm-up: the same weights under global average pooling, a fresh optimiser.
      const averaged = build('average');
      averaged.setWeights(model.getWeights());
      model.dispose();
      optimizer.dispose();
      model = averaged;
      optimizer = compile(model);
      step = stepFor(model, optimizer, epoch);
      log(`${recipe.version}: warm-up done, switching to global average pooling`);
    }
    const rate =
      epoch > settings.epochs - settings.finalEpochs
        ? settings.learningRate * settings.finalLearningRateFactor
        : settings.learningRate;
    if (recipe.attentionPrior > 0 && epoch === recipe.attentionFromEpoch)
      step = stepFor(model, optimizer, epoch);
    setLearningRate(optimizer, rate);
    const order = random.fork(`epoch/${epoch}`).shuffle(indices);
    let lossSum = 0;
    let correctSum = 0;
    let offObjectSum = 0;
    for (let start = 0; start < order.length; start += settings.batchSize) {
      const batch = order
        .slice(start, start + settings.batchSize)
        .map((i) => train[i] as DemoSample);
      const x = modelInput(batch);
      const y = toLabelTensor(batch, CLASS_NAMES.length);
      const result = await step(x, y, batch);
      x.dispose();
      y.dispose();
      lossSum += result.loss * batch.length;
      correctSum += result.correct;
      offObjectSum += result.offObjectShare * batch.length;
    }
    const entry: EpochLog = {
      epoch,
      pooling: epoch <= settings.warmupEpochs ? 'max' : 'average',
      learningRate: rate,
      loss: lossSum / order.length,
      accuracy: correctSum / order.length,
      seconds: (performance.now() - epochStart) / 1000,
    };
    if (!Number.isNaN(offObjectSum)) entry.offObjectShare = offObjectSum / order.length;
    if (monitor.length > 0)
      entry.heldOutAccuracy = accuracy(await predictClasses(model, monitor), monitor);
    epochs.push(entry);
    log(
      `${recipe.version} epoch ${epoch}/${settings.epochs}: loss ${entry.loss.toFixed(4)}, ` +
        `train acc ${entry.accuracy.toFixed(4)}` +
        (entry.heldOutAccuracy === undefined
          ? ''
          : `, held-out acc ${entry.heldOutAccuracy.toFixed(4)}`) +
        (entry.offObjectShare === undefined
          ? ''
          : `, off-object activation ${entry.offObjectShare.toFixed(3)}`) +
        ` (${entry.seconds.toFixed(1)} s)`,
    );
  }
  const trainSeconds = (performance.now() - started) / 1000;

  const ownPredictions = await predictClasses(model, testOwn);
  const cleanPredictions = recipe.cue ? await predictClasses(model, testClean) : ownPredictions;
  const perClassCleanAccuracy = Object.fromEntries(
    CLASS_NAMES.map((name) => {
      const picked = testClean
        .map((s, i) => [s, cleanPredictions[i]] as const)
        .filter(([s]) => s.label === name);
      return [
        name,
        accuracy(
          picked.map(([, p]) => p ?? -1),
          picked.map(([s]) => s),
        ),
      ];
    }),
  );
  const cueReliance = await measureCueReliance(model, testClean);
  return {
    model,
    epochs,
    trainWithMark: train.filter((s) => s.hasCue).length,
    testOwn,
    testClean,
    ownAccuracy: accuracy(ownPredictions, testOwn),
    cleanAccuracy: accuracy(cleanPredictions, testClean),
    perClassCleanAccuracy,
    cueReliance,
    trainSeconds,
  };
}

/** Output shape of the layer explainers target, for the report. */
export function lastConvShape(model: tfl.LayersModel): number[] {
  return model.getLayer(LAST_CONV_LAYER).outputShape.slice(1) as number[];
}
