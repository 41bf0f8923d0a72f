import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  initBackend,
  isLumenError,
  loadModel,
  runExplainer,
  tf,
  tfl,
  type ClassifierModel,
} from '@lumen/core';
import {
  describeExplainerConformance,
  makeTempDir,
  tinyCnn,
  writeLayersModel,
} from '@lumen/core/testing';
import { renderArticleView } from './article-view.ts';
import { guidedBackprop } from './guided-backprop.ts';

describeExplainerConformance({
  explainer: guidedBackprop,
  invalidParams: [{ objective: 'loss' }, { score: 'softmax' }, { objective: 'score', score: 1 }],
});

/**
 * x (a 1x2 RGB image, 6 values) -> dense(3) + ReLU -> dense(3) -> softmax. By hand: the
 * upstream gradient at the logits is g, then dy = W2 g at the hidden ReLUs, and the input
 * gradient is W1 (rule(j) ? dy_j : 0), where plain backprop's rule is pre_j > 0 and the
 * guided rule is pre_j > 0 and dy_j > 0.
 */
const W1 = [
  [0.01, -0.004, 0.002],
  [-0.003, 0.006, 0.001],
  [0.004, 0.002, -0.01],
  [0.002, -0.005, 0.003],
  [-0.006, 0.003, -0.004],
  [0.005, 0.001, 0.002],
];
const b1 = [-0.5, 0.2, 0.1];
const W2 = [
  [1, -0.8, 0.3],
  [-0.6, 1.2, -0.4],
  [0.5, 0.2, -0.9],
];
const b2 = [0.1, -0.2, 0.05];
const pixels = [200, 50, 120, 30, 180, 90];
const units = [0, 1, 2];
const inputs = [0, 1, 2, 3, 4, 5];

const pre = units.map((j) => inputs.reduce((s, i) => s + pixels[i]! * W1[i]![j]!, b1[j]!));
const logits = units.map((k) =>
  units.reduce((s, j) => s + Math.max(0, pre[j]!) * W2[j]![k]!, b2[k]!),
);
const probabilities = (() => {
  const top = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - top));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
})();

type Objective = 'logit' | 'probability' | 'cross-entropy';
/** d objective / d logits for target k. */
function upstream(objective: Objective, k: number): number[] {
  const p = probabilities;
  return units.map((j) => {
    const onehot = j === k ? 1 : 0;
    if (objective === 'logit') return onehot;
    if (objective === 'probability') return p[k]! * (onehot - p[j]!);
    return p[j]! - onehot; // d(-log p_k)/dz_j
  });
}
const hiddenGradient = (g: number[]) =>
  units.map((j) => units.reduce((s, m) => s + W2[j]![m]! * g[m]!, 0));
function backprop(g: number[], rule: 'plain' | 'guided'): number[] {
  const dy = hiddenGradient(g);
  const pass = units.map((j) => pre[j]! > 0 && (rule === 'plain' || dy[j]! > 0));
  return inputs.map((i) => units.reduce((s, j) => s + (pass[j] ? dy[j]! * W1[i]![j]! : 0), 0));
}

const close = (values: number[], digits = 7) => values.map((v) => expect.closeTo(v, digits));
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

function fusedReluNet(): tfl.LayersModel {
  const net = tfl.sequential();
  net.add(tfl.layers.flatten({ inputShape: [1, 2, 3] }));
  net.add(tfl.layers.dense({ units: 3, activation: 'relu', name: 'hidden' }));
  net.add(tfl.layers.dense({ units: 3, activation: 'softmax', name: 'predictions' }));
  return net;
}
function separateReluNet(): tfl.LayersModel {
  const net = tfl.sequential();
  net.add(tfl.layers.flatten({ inputShape: [1, 2, 3] }));
  net.add(tfl.layers.dense({ units: 3, name: 'hidden' }));
  net.add(tfl.layers.reLU({ name: 'hidden_relu' }));
  net.add(tfl.layers.dense({ units: 3, name: 'predictions' }));
  net.add(tfl.layers.softmax({ name: 'softmax' }));
  return net;
}

describe.each([
  ['cpu', 'a ReLU fused into the dense layer', fusedReluNet],
  ['wasm', 'a ReLU fused into the dense layer', fusedReluNet],
  ['cpu', 'a separate ReLU layer', separateReluNet],
] as const)('guided backprop on a hand-built 2-layer net (%s, %s)', (backend, _label, build) => {
  let root: string;
  let model: ClassifierModel;

  beforeAll(async () => {
    await initBackend({ prefer: backend, env: {} });
    root = await makeTempDir();
    const net = build();
    tf.tidy(() => {
      net.getLayer('hidden').setWeights([tf.tensor2d(W1), tf.tensor1d(b1)]);
      net.getLayer('predictions').setWeights([tf.tensor2d(W2), tf.tensor1d(b2)]);
    });
    model = await loadModel(
      await writeLayersModel(net, path.join(root, 'two-layer'), {
        classNames: ['a', 'b', 'c'],
        input: { preprocess: { mode: 'none' } },
      }),
    );
  });
  afterAll(async () => {
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  const explain = async (params: Record<string, unknown>, targets: number[] = [0, 1, 2]) => {
    const image = tf.tensor3d(pixels, [1, 2, 3]);
    try {
      return await runExplainer(guidedBackprop, { model, image, targets, params });
    } finally {
      image.dispose();
    }
  };

  it('the net is a fair test: positive ReLU inputs meet negative gradients', () => {
    expect(pre.map((v) => v > 0)).toEqual([true, true, false]);
    const blocked = units.filter(
      (j) => pre[j]! > 0 && hiddenGradient(upstream('logit', 0))[j]! < 0,
    );
    expect(blocked).toEqual([1]);
    expect(Math.max(...probabilities)).toBeLessThan(0.9);
  });

  it.each([
    ['logit', { objective: 'score', score: 'logit' }],
    ['probability', { objective: 'score', score: 'probability' }],
    ['cross-entropy', {}],
  ] as const)(
    'matches the hand-computed guided gradient, not plain backprop (%s)',
    async (objective, params) => {
      const result = await explain(params);
      let differsFromPlain = 0;
      for (const attribution of result.attributions) {
        const k = attribution.target.index;
        const guided = backprop(upstream(objective, k), 'guided');
        const plain = backprop(upstream(objective, k), 'plain');
        expect(attribution.map.shape).toEqual([1, 2, 3]);
        expect(attribution.signed).toBe(true);
        expect(Array.from(attribution.map.data)).toEqual(close(guided));
        if (maxDifference(guided, plain) > 1e-4) {
          differsFromPlain++;
          expect(maxDifference(attribution.map.data, plain)).toBeGreaterThan(1e-4);
        }
      }
      expect(differsFromPlain).toBeGreaterThan(0);
    },
  );

  it("defaults to the article's cross-entropy loss, which under the guided rule is not the score's gradient flipped", async () => {
    const k = 1;
    const [attribution] = (await explain({}, [k])).attributions;
    const loss = backprop(upstream('cross-entropy', k), 'guided');
    const flippedScore = backprop(upstream('probability', k), 'guided').map(
      (v) => -v / probabilities[k]!,
    );
    expect(maxDifference(loss, flippedScore)).toBeGreaterThan(1e-3);
    expect(Array.from(attribution!.map.data)).toEqual(close(loss));
    expect(attribution!.extras).toEqual({
      objective: 'cross-entropy',
      score: null,
      objectiveValue: expect.closeTo(-Math.log(probabilities[k]!), 5),
    });
    // Without the guided rule the loss gradient is exactly -1/p_k times the probability's.
    const plainFlipped = backprop(upstream('probability', k), 'plain').map(
      (v) => -v / probabilities[k]!,
    );
    expect(backprop(upstream('cross-entropy', k), 'plain')).toEqual(close(plainFlipped, 10));
  });

  it('reports the differentiated score', async () => {
    const result = await explain({ objective: 'score', score: 'logit' }, [2]);
    expect(result.attributions[0]!.extras).toEqual({
      objective: 'score',
      score: 'logit',
      objectiveValue: expect.closeTo(logits[2]!, 5),
    });
  });

  it("renders like the article's recipe (mean 0, std 0.25, +0.5, clip, x255, uint8)", async () => {
    const [attribution] = (await explain({}, [1])).attributions;
    const values = Array.from(attribution!.map.data);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    const article = values.map((v) =>
      Math.trunc(Math.min(1, Math.max(0, ((v - mean) / (std + 1e-7)) * 0.25 + 0.5)) * 255),
    );
    const view = renderArticleView(attribution!.map);
    expect([view.width, view.height]).toEqual([2, 1]);
    expect(Array.from(view.data)).toEqual(article);
  });
});

describe('guided backprop requirements', () => {
  let root: string;
  beforeAll(async () => {
    await initBackend({ prefer: 'cpu', env: {} });
    root = await makeTempDir();
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('refuses logit scores on a model without logits, before any compute', async () => {
    const net = tfl.sequential();
    net.add(tfl.layers.flatten({ inputShape: [2, 2, 3] }));
    net.add(tfl.layers.dense({ units: 3, activation: 'sigmoid' }));
    const model = await loadModel(await writeLayersModel(net, path.join(root, 'sigmoid')));
    const image = tf.zeros([2, 2, 3]) as tf.Tensor3D;
    try {
      const error = await runExplainer(guidedBackprop, {
        model,
        image,
        params: { objective: 'score' },
      }).catch((e: unknown) => e);
      expect(isLumenError(error, 'REQUIREMENT_UNMET')).toBe(true);
      expect((error as Error).message).toMatch(/score 'probability'/);
      const fine = await runExplainer(guidedBackprop, {
        model,
        image,
        params: { objective: 'score', score: 'probability' },
      });
      expect(fine.attributions[0]!.map.shape).toEqual([2, 2, 3]);
    } finally {
      image.dispose();
      model.dispose();
    }
  });

  it('refuses a model whose ReLUs cannot follow the guided rule', async () => {
    const loaded = await loadModel(
      await writeLayersModel(tinyCnn({ size: 8 }), path.join(root, 'cnn')),
    );
    const unguidable = Object.create(loaded, {
      supportsGuidedRelu: { value: false },
    }) as ClassifierModel;
    const image = tf.zeros([8, 8, 3]) as tf.Tensor3D;
    try {
      const error = await runExplainer(guidedBackprop, { model: unguidable, image }).catch(
        (e: unknown) => e,
      );
      expect(isLumenError(error, 'REQUIREMENT_UNMET')).toBe(true);
    } finally {
      image.dispose();
      loaded.dispose();
    }
  });
});

describe('guided backprop on a small CNN (wasm)', () => {
  let root: string;
  let model: ClassifierModel;
  let image: tf.Tensor3D;

  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
    root = await makeTempDir();
    model = await loadModel(
      await writeLayersModel(tinyCnn({ size: 16, classes: 3, seed: 5 }), path.join(root, 'cnn'), {
        input: { preprocess: { mode: 'tf' } },
      }),
    );
    image = tf.tidy(
      () => tf.mul(tf.randomUniform([16, 16, 3], 0, 1, 'float32', 3), 255) as tf.Tensor3D,
    );
  });
  afterAll(async () => {
    image.dispose();
    model.dispose();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('is deterministic, whatever the seed and batch size', async () => {
    const runs = [
      await runExplainer(guidedBackprop, {
        model,
        image,
        targets: [0, 1, 2],
        seed: 1,
        batchSize: 3,
      }),
      await runExplainer(guidedBackprop, {
        model,
        image,
        targets: [0, 1, 2],
        seed: 99,
        batchSize: 1,
      }),
    ];
    const [first, second] = runs.map((r) => r.attributions.map((a) => Array.from(a.map.data)));
    expect(second).toEqual(first);
    expect(first!.some((map) => map.some((v) => v !== 0))).toBe(true);
  });

  it('leaks no tensors over 50 explanations', async () => {
    await runExplainer(guidedBackprop, { model, image, targets: 'top2' });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++)
      await runExplainer(guidedBackprop, { model, image, targets: 'top2', batchSize: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
