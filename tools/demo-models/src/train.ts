/**
 * Trains Lumen's two demo classifiers and writes them, with their sidecars and training
 * reports, to packages/core/demo-models/{v1,v2}/ (plus a README with the measured figures).
 *
 *   node tools/demo-models/src/train.ts [--seed 7] [--train-count 4000] [--epochs 12] ...
 *
 * Deterministic for a given seed, backend and machine: seeded data, seeded initialisers,
 * seeded shuffling, no Math.random.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  SIDECAR_FILE,
  initBackend,
  modelSidecarSchema,
  tf,
  type BackendInfo,
  type BackendPreference,
} from '@lumen/core';
import { DEMO_CUE_SIZE, DEMO_IMAGE_SIZE } from '@lumen/core/demo';
import { saveLayersModel } from './artefacts.ts';
import { LAST_CONV_LAYER } from './model.ts';
import {
  CLASS_NAMES,
  DEFAULT_SETTINGS,
  INPUT_SPEC,
  TEST_START_INDEX,
  VERSIONS,
  type DemoModelVersion,
  type TrainingSettings,
} from './recipe.ts';
import { lastConvShape, trainVersion, type TrainingResult } from './training.ts';
import { renderModelsReadme } from './readme.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'packages/core/demo-models');
export const TRAIN_COMMAND = 'npm run demo-models:train';
export const REPORT_FILE = 'training-report.json';

const USAGE = `Usage: node tools/demo-models/src/train.ts [options]

  --seed <n>           data, initialiser and shuffling seed (default ${DEFAULT_SETTINGS.seed})
  --train-count <n>    training images per version (default ${DEFAULT_SETTINGS.trainCount})
  --test-count <n>     held-out images per test set (default ${DEFAULT_SETTINGS.testCount})
  --epochs <n>         epochs (default ${DEFAULT_SETTINGS.epochs})
  --warmup-epochs <n>  first epochs with global max pooling (default ${DEFAULT_SETTINGS.warmupEpochs})
  --final-epochs <n>   last epochs at a quarter of the learning rate (default ${DEFAULT_SETTINGS.finalEpochs})
  --batch-size <n>     (default ${DEFAULT_SETTINGS.batchSize})
  --learning-rate <x>  Adam learning rate (default ${DEFAULT_SETTINGS.learningRate})
  --versions <list>    v1,v2 (default both)
  --backend <name>     auto | wasm | cpu | tensorflow (default wasm; LUMEN_BACKEND overrides)
  --out <dir>          output folder (default packages/core/demo-models)
  --no-readme          do not rewrite <out>/README.md
  --readme-only        only rewrite <out>/README.md from the reports already there
  --help`;

export interface TrainingReport {
  version: DemoModelVersion;
  description: string;
  seed: number;
  command: string;
  cue: {
    classLabel: string;
    probability: number;
    otherProbability: number;
    corner: 'top-left';
    sizePx: number;
  } | null;
  dataset: {
    generator: '@lumen/core/demo';
    imageSize: number;
    classNames: readonly string[];
    train: { count: number; startIndex: 0; withMark: number };
    testOwnDistribution: { count: number; startIndex: number; withMark: number };
    testClean: { count: number; startIndex: number; withMark: 0 };
  };
  training: TrainingSettings & {
    optimizer: 'adam';
    loss: 'categoricalCrossentropy';
    shuffling: string;
    /** Weight of the attention prior (recipe.ts); absent in reports from before it existed. */
    attentionPrior?: number;
    attentionFromEpoch?: number;
  };
  architecture: {
    layers: { name: string; className: string; outputShape: unknown }[];
    lastConvLayer: string;
    lastConvShape: number[];
    parameters: number;
    weightBytes: number;
  };
  results: {
    trainAccuracyLastEpoch: number;
    testAccuracyOwnDistribution: number;
    testAccuracyClean: number;
    perClassAccuracyClean: Record<string, number>;
    cueReliance: TrainingResult['cueReliance'];
  };
  epochs: TrainingResult['epochs'];
  wallTimeSeconds: number;
  backend: { name: string; gradientKernelsPatched: boolean };
  environment: { node: string; tfjs: string; platform: string; cpus: number };
  trainedAt: string;
}

function intOption(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

function buildReport(
  version: DemoModelVersion,
  settings: TrainingSettings,
  result: TrainingResult,
  weightBytes: number,
  wallTimeSeconds: number,
  backend: BackendInfo,
  command: string,
): TrainingReport {
  const recipe = VERSIONS[version];
  const { model } = result;
  return {
    version,
    description: recipe.description,
    seed: settings.seed,
    command,
    cue: recipe.cue ? { ...recipe.cue, corner: 'top-left', sizePx: DEMO_CUE_SIZE } : null,
    dataset: {
      generator: '@lumen/core/demo',
      imageSize: DEMO_IMAGE_SIZE,
      classNames: CLASS_NAMES,
      train: { count: settings.trainCount, startIndex: 0, withMark: result.trainWithMark },
      testOwnDistribution: {
        count: result.testOwn.length,
        startIndex: TEST_START_INDEX,
        withMark: result.testOwn.filter((s) => s.hasCue).length,
      },
      testClean: { count: result.testClean.length, startIndex: TEST_START_INDEX, withMark: 0 },
    },
    training: {
      ...settings,
      optimizer: 'adam',
      loss: 'categoricalCrossentropy',
      attentionPrior: recipe.attentionPrior,
      attentionFromEpoch: recipe.attentionFromEpoch,
      shuffling: `createRandom(seed).fork('shuffle/${version}').fork('epoch/<n>').shuffle(...) per epoch; trainOnBatch, or optimizer.minimize while the attention prior is on`,
    },
    architecture: {
      layers: model.layers.map((layer) => ({
        name: layer.name,
        className: layer.getClassName(),
        outputShape: layer.outputShape,
      })),
      lastConvLayer: LAST_CONV_LAYER,
      lastConvShape: lastConvShape(model),
      parameters: model.countParams(),
      weightBytes,
    },
    results: {
      trainAccuracyLastEpoch: result.epochs.at(-1)?.accuracy ?? Number.NaN,
      testAccuracyOwnDistribution: result.ownAccuracy,
      testAccuracyClean: result.cleanAccuracy,
      perClassAccuracyClean: result.perClassCleanAccuracy,
      cueReliance: result.cueReliance,
    },
    epochs: result.epochs,
    wallTimeSeconds,
    backend: { name: backend.name, gradientKernelsPatched: backend.gradientKernelsPatched },
    environment: {
      node: process.version,
      tfjs: tf.version_core,
      platform: `${process.platform}-${process.arch}`,
      cpus: availableParallelism(),
    },
    trainedAt: new Date().toISOString(),
  };
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string' },
      'train-count': { type: 'string' },
      'test-count': { type: 'string' },
      epochs: { type: 'string' },
      'warmup-epochs': { type: 'string' },
      'final-epochs': { type: 'string' },
      'batch-size': { type: 'string' },
      'learning-rate': { type: 'string' },
      versions: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
      'no-readme': { type: 'boolean' },
      'readme-only': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const settings: TrainingSettings = {
    ...DEFAULT_SETTINGS,
    seed: intOption(values.seed, DEFAULT_SETTINGS.seed, 'seed'),
    trainCount: intOption(values['train-count'], DEFAULT_SETTINGS.trainCount, 'train-count'),
    testCount: intOption(values['test-count'], DEFAULT_SETTINGS.testCount, 'test-count'),
    epochs: intOption(values.epochs, DEFAULT_SETTINGS.epochs, 'epochs'),
    warmupEpochs: intOption(
      values['warmup-epochs'],
      DEFAULT_SETTINGS.warmupEpochs,
      'warmup-epochs',
    ),
    finalEpochs: intOption(values['final-epochs'], DEFAULT_SETTINGS.finalEpochs, 'final-epochs'),
    batchSize: intOption(values['batch-size'], DEFAULT_SETTINGS.batchSize, 'batch-size'),
    learningRate:
      values['learning-rate'] === undefined
        ? DEFAULT_SETTINGS.learningRate
        : Number(values['learning-rate']),
  };
  if (!(settings.learningRate > 0))
    throw new Error(`--learning-rate must be positive, got '${values['learning-rate']}'`);
  const versions = (values.versions ?? 'v1,v2').split(',').map((v) => v.trim());
  for (const v of versions) {
    if (!(v in VERSIONS))
      throw new Error(`unknown version '${v}'; versions are: ${Object.keys(VERSIONS).join(', ')}`);
  }
  const outDir = resolve(values.out ?? DEFAULT_OUT_DIR);
  const log = (message: string) => console.error(`[demo-models] ${message}`);
  if (values['readme-only']) {
    const reports = await Promise.all(
      (Object.keys(VERSIONS) as DemoModelVersion[]).map(
        async (v) =>
          JSON.parse(await readFile(join(outDir, v, REPORT_FILE), 'utf8')) as TrainingReport,
      ),
    );
    await writeFile(join(outDir, 'README.md'), renderModelsReadme(reports));
    log(`wrote ${join(outDir, 'README.md')}`);
    return;
  }

  const backend = await initBackend({ prefer: (values.backend ?? 'wasm') as BackendPreference });
  log(
    `backend: ${backend.name}${backend.gradientKernelsPatched ? " (with Lumen's gradient kernels)" : ''}`,
  );
  const isDefault =
    argv.length === 0 ||
    (values.out === undefined && JSON.stringify(settings) === JSON.stringify(DEFAULT_SETTINGS));
  const command = isDefault
    ? TRAIN_COMMAND
    : `node tools/demo-models/src/train.ts ${argv.join(' ')}`;

  const reports: TrainingReport[] = [];
  for (const version of versions as DemoModelVersion[]) {
    const started = performance.now();
    const result = await trainVersion(VERSIONS[version], settings, { log, monitorCount: 200 });
    const dir = join(outDir, version);
    const { weightBytes } = await saveLayersModel(result.model, dir);
    const wallTimeSeconds = (performance.now() - started) / 1000;
    const report = buildReport(
      version,
      settings,
      result,
      weightBytes,
      wallTimeSeconds,
      backend,
      command,
    );
    const sidecar = modelSidecarSchema.parse({
      name: 'lumen-demo-shapes',
      version,
      input: INPUT_SPEC,
      classNames: [...CLASS_NAMES],
      output: 'probabilities',
      metadata: {
        description: report.description,
        lastConvLayer: LAST_CONV_LAYER,
        trainingReport: { ...report, epochs: undefined },
      },
    });
    await writeFile(join(dir, SIDECAR_FILE), `${JSON.stringify(sidecar, null, 2)}\n`);
    await writeFile(join(dir, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
    result.model.dispose();
    reports.push(report);
    const r = report.results;
    log(
      `${version}: own-distribution accuracy ${(r.testAccuracyOwnDistribution * 100).toFixed(1)} %, ` +
        `clean ${(r.testAccuracyClean * 100).toFixed(1)} %; ${CLASS_NAMES.length} classes; ` +
        `${cueSummary(r.cueReliance)}; ${wallTimeSeconds.toFixed(0)} s -> ${relative(process.cwd(), dir) || dir}`,
    );
  }
  if (!values['no-readme'] && versions.length === Object.keys(VERSIONS).length) {
    await writeFile(join(outDir, 'README.md'), renderModelsReadme(reports));
    log(`wrote ${join(outDir, 'README.md')}`);
  }
}

function cueSummary(c: TrainingResult['cueReliance']): string {
  return (
    `${c.cueClass} accuracy with mark ${(c.accuracyWithMark * 100).toFixed(1)} % vs without ` +
    `${(c.accuracyWithoutMark * 100).toFixed(1)} %, others -> ${c.cueClass} with mark ` +
    `${(c.predictedAsCueClassWithMark * 100).toFixed(1)} % (without ${(c.predictedAsCueClassWithoutMark * 100).toFixed(1)} %)`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
