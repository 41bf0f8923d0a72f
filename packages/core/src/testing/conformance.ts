import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, listAvailableBackends, type BackendName } from '../backend/index.ts';
import type { AnyExplainer } from '../contract/explainer.ts';
import { paramsJsonSchema } from '../contract/params.ts';
import { ExplainerRegistry } from '../contract/registry.ts';
import { runExplainer, type Explanation, type ProgressEvent, type RunExplainerOptions } from '../contract/run-explainer.ts';
import { isLumenError, type LumenErrorCode } from '../errors.ts';
import type { ClassifierModel } from '../model/classifier-model.ts';
import { loadModel } from '../model/load-model.ts';
import type { TargetSpec } from '../model/targets.ts';
import { createRandom } from '../random/random.ts';
import { tf } from '../tf.ts';
import { tinyMobileNet, tinyResNet } from './architectures.ts';
import { makeTempDir, tinyCnn, writeLayersModel } from './model-fixtures.ts';

export interface ConformanceOptions {
  explainer: AnyExplainer;
  /** Params for every run; keep them small so the kit stays fast. */
  params?: Record<string, unknown>;
  /** Params that must each be refused with INVALID_PARAMS (an unknown key is always tried). */
  invalidParams?: Record<string, unknown>[];
  /** Default 'top2'. */
  targets?: TargetSpec;
  /** Default: every backend available on this machine. */
  backends?: BackendName[];
  /** The model to explain. Default: a 16x16 tiny CNN with 3 classes. */
  model?: (workDir: string) => Promise<ClassifierModel>;
  /** Background images made when the explainer requires them. Default 4. */
  backgroundSize?: number;
  /** Batch size for the runs. Default 8, so that loops take several batches. */
  batchSize?: number;
  /**
   * Also explain a ResNet-style and a MobileNet-style network on wasm (default true): the
   * architectures whose gradients the wasm backend could not compute before Lumen's kernels.
   */
  architectures?: boolean;
}

async function defaultModel(workDir: string): Promise<ClassifierModel> {
  const dir = await writeLayersModel(tinyCnn({ size: 16, classes: 3, seed: 7 }), path.join(workDir, 'tiny-cnn'), {
    name: 'tiny-cnn',
    input: { preprocess: { mode: 'tf' } },
    classNames: ['red', 'green', 'blue'],
  });
  return loadModel(dir);
}

function seededImages(count: number, height: number, width: number, seed: number): tf.Tensor4D {
  const values = createRandom(seed).uniformArray(count * height * width * 3, 0, 255);
  return tf.tensor4d(values, [count, height, width, 3]);
}

async function expectLumenError(promise: Promise<unknown>, code: LumenErrorCode): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a LumenError ${code}`).toBeDefined();
  expect(isLumenError(error), String(error)).toBe(true);
  expect((error as { code: string }).code, (error as Error).message).toBe(code);
  return error as Error;
}

function tensorCount(): number {
  return tf.memory().numTensors;
}

/**
 * The suite every explainer plugin's tests run, once per available backend: a valid plugin,
 * one map per target at the input size, determinism for a seed, no leaked tensors,
 * progress, cancellation, and params validation.
 */
export function describeExplainerConformance(options: ConformanceOptions): void {
  const { explainer } = options;
  const targets = options.targets ?? 'top2';
  const batchSize = options.batchSize ?? 8;

  describe(`${explainer.id} conforms to the plugin contract`, () => {
    it('registers, exports its params as JSON Schema and defaults every param', () => {
      const registry = new ExplainerRegistry();
      registry.register(explainer);
      expect(registry.get(explainer.name)).toBe(explainer);
      const schema = paramsJsonSchema(explainer.params);
      expect(schema['type']).toBe('object');
      expect(() => explainer.params.parse({})).not.toThrow();
      const summary = registry.list()[0];
      expect(summary?.id).toBe(`${explainer.name}@${explainer.version}`);
    });

    it('refuses an unknown param and invalid values with INVALID_PARAMS', async () => {
      // Validation happens before any model work, so a placeholder model never gets used.
      const unused = {} as ClassifierModel;
      const image = tf.zeros([1, 1, 3]) as tf.Tensor3D;
      try {
        for (const params of [{ notAParam: 1 }, ...(options.invalidParams ?? [])]) {
          await expectLumenError(runExplainer(explainer, { model: unused, image, params }), 'INVALID_PARAMS');
        }
      } finally {
        image.dispose();
      }
    });
  });

  if (options.architectures ?? true) {
    describe(`${explainer.id} on real architectures (wasm)`, () => {
      let workDir: string;
      beforeAll(async () => {
        await initBackend({ prefer: 'wasm', env: {} });
        workDir = await makeTempDir('lumen-architectures-');
      });
      afterAll(async () => {
        if (workDir) await fs.rm(workDir, { recursive: true, force: true });
      });

      it.each([
        ['ResNet-style', () => tinyResNet({ size: 32, classes: 4 }), 'caffe'],
        ['MobileNet-style', () => tinyMobileNet({ size: 32, classes: 4 }), 'torch'],
      ] as const)('explains a %s network with finite maps and no leaks', async (label, build, preprocess) => {
        const dir = await writeLayersModel(build(), path.join(workDir, label), { input: { preprocess: { mode: preprocess } } });
        const net = await loadModel(dir);
        const picture = tf.squeeze(seededImages(1, 32, 32, 9), [0]) as tf.Tensor3D;
        const reference = explainer.requires.background ? seededImages(options.backgroundSize ?? 4, 32, 32, 10) : undefined;
        try {
          const explainOnce = () =>
            runExplainer(explainer, {
              model: net,
              image: picture,
              targets: 'top1',
              batchSize,
              ...(options.params ? { params: options.params } : {}),
              ...(reference ? { background: reference } : {}),
            });
          const result = await explainOnce();
          const before = tensorCount();
          await explainOnce();
          expect(tensorCount()).toBe(before);
          expect(result.backend).toBe('wasm');
          const map = result.attributions[0]?.map;
          expect(map?.shape.slice(0, 2)).toEqual([32, 32]);
          expect(map?.data.every(Number.isFinite)).toBe(true);
        } finally {
          tf.dispose([picture, ...(reference ? [reference] : [])]);
          net.dispose();
        }
      });
    });
  }

  const backendNames = options.backends;
  describe.each(backendNames ?? ['wasm', 'cpu'])(`${explainer.id} on %s`, (backend) => {
    let workDir: string;
    let model: ClassifierModel | undefined;
    let image: tf.Tensor3D;
    let background: tf.Tensor4D | undefined;
    let available = true;

    beforeAll(async () => {
      if (!backendNames) {
        const all = await listAvailableBackends();
        available = all.some((b) => b.name === backend && b.available);
        if (!available) return;
      }
      await initBackend({ prefer: backend as BackendName, env: {} });
      workDir = await makeTempDir('lumen-conformance-');
      model = await (options.model ?? defaultModel)(workDir);
      const { height, width } = model.inputSpec;
      image = tf.squeeze(seededImages(1, height, width, 1), [0]) as tf.Tensor3D;
      if (explainer.requires.background) background = seededImages(options.backgroundSize ?? 4, height, width, 2);
    });

    afterAll(async () => {
      model?.dispose();
      if (available && model) tf.dispose([image, ...(background ? [background] : [])]);
      if (workDir) await fs.rm(workDir, { recursive: true, force: true });
    });

    const run = (extra: Partial<RunExplainerOptions> = {}): Promise<Explanation<unknown>> =>
      runExplainer(explainer, {
        model: model as ClassifierModel,
        image,
        targets,
        batchSize,
        seed: 1234,
        ...(options.params ? { params: options.params } : {}),
        ...(background ? { background } : {}),
        ...extra,
      });

    it('returns one finite map per target, at the input size', async (ctx) => {
      if (!available) return ctx.skip(`${backend} is not available here`);
      const result = await run();
      const { height, width } = (model as ClassifierModel).inputSpec;
      expect(result.attributions.length).toBeGreaterThan(0);
      expect(new Set(result.attributions.map((a) => a.target.index)).size).toBe(result.attributions.length);
      for (const attribution of result.attributions) {
        const [h, w, c] = attribution.map.shape;
        expect([h, w]).toEqual([height, width]);
        if (explainer.output.kind === 'pixel') expect(c).toBe(3);
        expect(attribution.map.data.every(Number.isFinite)).toBe(true);
      }
      expect(result.explainer.id).toBe(explainer.id);
      expect(result.backend).toBe(backend);
    });

    it('gives identical output for the same seed', async (ctx) => {
      if (!available) return ctx.skip(`${backend} is not available here`);
      const first = await run();
      const second = await run();
      expect(second.attributions.map((a) => Array.from(a.map.data))).toEqual(first.attributions.map((a) => Array.from(a.map.data)));
    });

    it('leaks no tensors', async (ctx) => {
      if (!available) return ctx.skip(`${backend} is not available here`);
      await run();
      const before = tensorCount();
      await run();
      await run();
      expect(tensorCount()).toBe(before);
    });

    it('reports progress', async (ctx) => {
      if (!available) return ctx.skip(`${backend} is not available here`);
      const events: ProgressEvent[] = [];
      await run({ onProgress: (event) => events.push(event) });
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        expect(event.fraction).toBeGreaterThanOrEqual(0);
        expect(event.fraction).toBeLessThanOrEqual(1);
        expect(event.explainer).toBe(explainer.id);
      }
    });

    it('stops with ABORTED when cancelled, and leaks nothing', async (ctx) => {
      if (!available) return ctx.skip(`${backend} is not available here`);
      await run();
      const before = tensorCount();
      const already = new AbortController();
      already.abort(new Error('cancelled before start'));
      await expectLumenError(run({ signal: already.signal }), 'ABORTED');
      const controller = new AbortController();
      const error = await expectLumenError(
        run({ signal: controller.signal, onProgress: () => controller.abort(new Error('cancelled by test')) }),
        'ABORTED',
      );
      expect((error as unknown as { details: Record<string, unknown> }).details['plugin']).toBe(explainer.id);
      expect(tensorCount()).toBe(before);
    });
  });
}
