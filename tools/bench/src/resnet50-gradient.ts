/**
 * Times a ResNet50-topology network (tfjs-layers, random weights, 224x224, batch 1) on the wasm
 * backend: forward only, and the input gradient of one class score with
 *   - both fast paths (Conv2DBackpropFilter and Conv2DBackpropInput on wasm's XNNPACK Conv2D),
 *   - the filter fast path only (wasm's own loop-based Conv2DBackpropInput),
 *   - Conv2DBackpropFilter bridged to the cpu backend's JS loops (and wasm's own input kernel).
 *
 *   node tools/bench/src/resnet50-gradient.ts [--runs=5] [--bridge-runs=1] [--no-bridge]
 *
 * The bridge pass takes minutes: the fused conv gradient computes every filter gradient.
 */
import { initBackend, installWasmGradientKernels, tf } from '@lumen/core';
import { resnet50 } from './resnet50.ts';
import { median } from './stats.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }),
);
const runs = Number(args.get('runs') ?? 5);
const bridgeRuns = args.has('no-bridge') ? 0 : Number(args.get('bridge-runs') ?? 1);

function time(label: string, n: number, fn: () => tf.Tensor): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const out = fn();
    out.dataSync();
    times.push(performance.now() - start);
    out.dispose();
    process.stdout.write(`  ${label} run ${i + 1}/${n}: ${times[i]!.toFixed(0)} ms\n`);
  }
  return median(times);
}

const info = await initBackend({ log: (line) => console.log(line) });
if (info.name !== 'wasm') throw new Error(`expected the wasm backend, got ${info.name}`);
const model = resnet50();
console.log(
  `ResNet50 topology: ${model.countParams().toLocaleString('en')} parameters, ${model.layers.length} layers`,
);
const x = tf.randomUniform([1, 224, 224, 3], -1, 1);
const oneHot = tf.oneHot([207], 1000);
const forward = () => model.predict(x) as tf.Tensor;
const inputGradient = () =>
  tf.grad((input: tf.Tensor) => tf.sum(tf.mul(model.apply(input) as tf.Tensor, oneHot)))(x);

forward().dispose();
const forwardMs = time('forward', runs, forward);

installWasmGradientKernels({ conv2dFilterFastPath: true, conv2dInputFastPath: true });
inputGradient().dispose();
const fastMs = time('input gradient, both fast paths', runs, inputGradient);

installWasmGradientKernels({ conv2dFilterFastPath: true, conv2dInputFastPath: false });
inputGradient().dispose();
const filterOnlyMs = time(
  "input gradient, filter fast path + wasm's Conv2DBackpropInput",
  runs,
  inputGradient,
);

let bridgeMs: number | undefined;
if (bridgeRuns > 0) {
  installWasmGradientKernels({ conv2dFilterFastPath: false, conv2dInputFastPath: false });
  bridgeMs = time(
    "input gradient, Conv2DBackpropFilter bridged to cpu + wasm's Conv2DBackpropInput",
    bridgeRuns,
    inputGradient,
  );
}
installWasmGradientKernels();

const memory = tf.memory();
tf.dispose([x, oneHot]);
model.dispose();
console.log('\nwasm backend, batch 1, 224x224, median ms:');
console.log(`  forward only:                                       ${forwardMs.toFixed(0)}`);
console.log(`  input gradient, both fast paths:                    ${fastMs.toFixed(0)}`);
console.log(`  input gradient, filter fast path only:              ${filterOnlyMs.toFixed(0)}`);
if (bridgeMs !== undefined) {
  console.log(`  input gradient, Conv2DBackpropFilter via cpu bridge: ${bridgeMs.toFixed(0)}`);
}
console.log(
  JSON.stringify({
    forwardMs,
    fastMs,
    filterOnlyMs,
    bridgeMs,
    runs,
    bridgeRuns,
    tensorsAtEnd: memory.numTensors,
  }),
);
