/**
 * How much Score-CAM costs beyond the forward passes it needs: times Score-CAM against an
 * explainer that only pushes the same number of unmasked images through ctx.predict, on wasm.
 * The model is a demo model (64x64) or, with --model=synthetic, a 64x64 network of the demo
 * models' shape with 48 channels in its last conv layer.
 *
 *   node packages/plugins/score-cam/bench/masking-overhead.ts [--model=v2|v1|synthetic] [--runs=7] [--batch=32]
 */
import { defineExplainer, initBackend, loadModel, runExplainer, tf, tfl, z } from '@lumen/core';
import { loadDemoModel, type DemoModelVersion } from '@lumen/core/demo';
import { makeTempDir, writeLayersModel } from '@lumen/core/testing';
import { scoreCam } from '../src/score-cam.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }),
);
const runs = Number(args.get('runs') ?? 7);
const batchSize = Number(args.get('batch') ?? 32);
const modelChoice = args.get('model') ?? 'v2';

function demoShapedNetwork(): tfl.Sequential {
  const conv = (filters: number, name: string) =>
    tfl.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tfl.initializers.heNormal({ seed: filters + name.length }),
    });
  const model = tfl.sequential();
  model.add(tfl.layers.inputLayer({ inputShape: [64, 64, 3] }));
  model.add(conv(16, 'conv1'));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(conv(32, 'conv2'));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(conv(32, 'conv3'));
  model.add(conv(48, 'last_conv'));
  model.add(tfl.layers.globalAveragePooling2d({}));
  model.add(
    tfl.layers.dense({
      units: 6,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 6 }),
    }),
  );
  return model;
}

const plainForward = defineExplainer({
  name: 'plain-forward',
  version: '1.0.0',
  title: 'Plain forward passes',
  description: 'Pushes `count` copies of the image through ctx.predict and returns a blank map.',
  params: z.object({
    count: z.number().int().min(1).default(1).describe('Images to push through the model.'),
  }),
  output: { kind: 'spatial', signed: false },
  async explain({ image, targets }, ctx) {
    // Batches are uploaded from memory: the cheapest way to make them (tf.tile is slow on wasm).
    const one = image.dataSync();
    const copies = new Float32Array(Math.min(ctx.params.count, ctx.batchSize) * one.length);
    for (let i = 0; i < copies.length; i += one.length) copies.set(one, i);
    const [height, width] = image.shape;
    await ctx.predict(
      ctx.params.count,
      (start, end) =>
        tf.tensor4d(copies.subarray(0, (end - start) * one.length), [
          end - start,
          height,
          width,
          3,
        ]),
      {
        output: 'logits',
      },
    );
    return {
      attributions: [
        {
          target: targets[0]!,
          map: { data: new Float32Array(height * width), shape: [height, width] },
        },
      ],
    };
  },
});

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

await initBackend({ prefer: 'wasm', env: {} });
async function benchModel() {
  if (modelChoice !== 'synthetic') return loadDemoModel(modelChoice as DemoModelVersion);
  const dir = await makeTempDir('lumen-score-cam-bench-');
  return loadModel(
    await writeLayersModel(demoShapedNetwork(), `${dir}/net`, {
      input: { preprocess: { mode: 'tf' } },
    }),
  );
}
const model = await benchModel();
const image = tf.randomUniform([64, 64, 3], 0, 255, 'float32', 5) as tf.Tensor3D;

/**
 * Each contender's CPU time (user + system, ms) per turn: the work is single-threaded, and CPU
 * time is far steadier than wall time on a shared machine. The contenders take turns so that
 * drifts in load hit them alike, and ratios are taken turn by turn before the median.
 */
async function timeInTurns(contenders: (() => Promise<unknown>)[]): Promise<number[][]> {
  const samples = contenders.map(() => [] as number[]);
  for (const run of contenders) await run();
  for (let i = 0; i < runs; i++) {
    for (const [j, run] of contenders.entries()) {
      const start = process.cpuUsage();
      await run();
      const used = process.cpuUsage(start);
      samples[j]!.push((used.user + used.system) / 1000);
    }
  }
  return samples;
}

const explained = await runExplainer(scoreCam, { model, image, batchSize });
const masked = explained.extras['maskedImages'] as number;
const [scoreCamTimes, sameCountTimes, withActivationsTimes] = (await timeInTurns([
  () => runExplainer(scoreCam, { model, image, batchSize }),
  () => runExplainer(plainForward, { model, image, batchSize, params: { count: masked } }),
  () => runExplainer(plainForward, { model, image, batchSize, params: { count: masked + 1 } }),
])) as [number[], number[], number[]];
const ratio = (plain: number[]) => median(scoreCamTimes.map((t, i) => t / plain[i]!));
const round = (v: number) => Math.round(v * 1000) / 1000;
console.log(
  JSON.stringify({
    model: modelChoice,
    backend: tf.getBackend(),
    batchSize,
    runs,
    maskedImages: masked,
    medianCpuMs: {
      scoreCam: round(median(scoreCamTimes)),
      [`plain${masked}`]: round(median(sameCountTimes)),
      [`plain${masked + 1}`]: round(median(withActivationsTimes)),
    },
    medianRatio: {
      [`vs${masked}`]: round(ratio(sameCountTimes)),
      [`vs${masked + 1}`]: round(ratio(withActivationsTimes)),
    },
  }),
);
image.dispose();
model.dispose();
