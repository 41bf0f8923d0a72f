/**
 * Times one explanation of a 64x64 image with maxEvals 1000 and batch size 50 (the article's
 * settings) per masker on the wasm backend, and the masking alone.
 * Run: node_modules/.bin/node packages/plugins/shap-partition/bench/timing.ts (from the repo root).
 * CPU time is reported beside wall time because shared machines make wall time noisy.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import {
  createImageMasker,
  createRandom,
  fillRegion,
  initBackend,
  loadModel,
  rootRegion,
  runExplainer,
  splitRegion,
  tf,
  type ImageRegion,
} from '@lumen/core';
import { makeTempDir, tinyCnn, writeLayersModel } from '@lumen/core/testing';
import { shapPartition } from '../src/shap-partition.ts';

const size = 64;
const maskers = ['inpaint_telea', 'inpaint_ns', 'blur', 'constant'] as const;

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Masks like the explainer's: unions of partition-tree blocks down to a random depth. */
function treeMasks(count: number, seed: number): Uint8Array[] {
  const random = createRandom(seed);
  const shape = { height: size, width: size, channels: 3 };
  return Array.from({ length: count }, () => {
    const shown = new Uint8Array(size * size * 3);
    const visit = (region: ImageRegion, depth: number): void => {
      const halves = splitRegion(region);
      if (!halves || depth === 0) {
        if (random.next() < 0.5) fillRegion(shown, region, shape, 1);
        return;
      }
      visit(halves[0], depth - 1);
      visit(halves[1], depth - 1);
    };
    visit(rootRegion(shape), 1 + random.int(7));
    return shown;
  });
}

await initBackend({ prefer: 'wasm', env: {} });
const dir = await makeTempDir('lumen-shap-bench-');
const model = await loadModel(
  await writeLayersModel(tinyCnn({ size, classes: 5, seed: 3 }), path.join(dir, 'cnn')),
);
const image = tf.tensor3d(createRandom(1).uniformArray(size * size * 3, 0, 255), [size, size, 3]);
const pixels = Float32Array.from(image.dataSync());
const masks = treeMasks(1000, 7);

for (const masker of maskers) {
  const spec =
    masker === 'blur'
      ? { kind: masker, kx: 16, ky: 16 }
      : masker === 'constant'
        ? { kind: masker, value: 0 }
        : { kind: masker };
  const out = new Float32Array(pixels.length);
  const maskStart = process.cpuUsage();
  const masking = createImageMasker(pixels, { height: size, width: size, channels: 3 }, spec);
  for (const shown of masks) masking.apply(shown, out);
  const maskingCpu = cpuMs(maskStart);

  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await runExplainer(shapPartition, {
    model,
    image,
    targets: 'top4',
    batchSize: 50,
    params: { masker, maxEvals: 1000 },
  });
  const cpu = cpuMs(cpuStart);
  const wall = performance.now() - wallStart;
  const gap = Math.max(
    ...result.attributions.map((a) =>
      Math.abs(a.map.data.reduce((s, v) => s + v, 0) - (a.extras.fullValue - a.extras.baseValue)),
    ),
  );
  console.log(
    `${masker.padEnd(14)} explanation: ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU, ${String(result.extras['evaluations'])} evaluations; ` +
      `masking 1000 images alone: ${maskingCpu.toFixed(0)} ms CPU; largest efficiency gap ${gap.toExponential(1)}`,
  );
}
image.dispose();
model.dispose();
await fs.rm(dir, { recursive: true, force: true });
