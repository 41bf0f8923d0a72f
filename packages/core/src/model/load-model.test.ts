import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf, tfl } from '../tf.ts';
import { isLumenError, type LumenErrorCode } from '../errors.ts';
import { makeTempDir, tinyCnn, writeLayersModel } from '../testing/model-fixtures.ts';
import { writeTinyGraphModel } from '../testing/graph-fixture.ts';
import { loadModel } from './load-model.ts';

async function expectCode(promise: Promise<unknown>, code: LumenErrorCode, message?: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(isLumenError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    if (message) expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected a LumenError ${code}, but it resolved`);
}

describe('loadModel', () => {
  let root: string;
  let goodDir: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    root = await makeTempDir();
    goodDir = await writeLayersModel(tinyCnn({ size: 16, classes: 3 }), path.join(root, 'good'), {
      name: 'tiny',
      version: 'v1',
      input: { preprocess: { mode: 'tf' } },
      classNames: ['cat', 'dog', 'fox'],
    });
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  async function copyGood(name: string): Promise<string> {
    const dir = path.join(root, name);
    await fs.cp(goodDir, dir, { recursive: true });
    return dir;
  }

  async function editModelJson(dir: string, // eslint-disable-next-line @typescript-eslint/no-explicit-any
    edit: (json: Record<string, any>) => void): Promise<void> {
    const file = path.join(dir, 'model.json');
    const json = JSON.parse(await fs.readFile(file, 'utf8'));
    edit(json);
    await fs.writeFile(file, JSON.stringify(json));
  }

  it('loads a LayersModel with its sidecar, layers and last conv layer', async () => {
    const model = await loadModel(goodDir);
    try {
      expect(model.format).toBe('layers');
      expect(model.identity).toMatchObject({ name: 'tiny', version: 'v1' });
      expect(model.inputSpec).toMatchObject({ height: 16, width: 16, channels: 3, preprocess: { mode: 'tf' } });
      expect(model.classNames).toEqual(['cat', 'dog', 'fox']);
      expect(model.rawOutput).toBe('probabilities');
      expect(model.layers().map((l) => l.name)).toEqual(['image', 'conv1', 'pool1', 'last_conv', 'gap', 'predictions']);
      expect(model.layer('conv1')).toMatchObject({ kind: 'conv', activation: 'relu', outputShape: [null, 16, 16, 4], spatial: true });
      expect(model.lastConvLayer().name).toBe('last_conv');
    } finally {
      model.dispose();
    }
  });

  it('predicts what the original network predicts on preprocessed input', async () => {
    const original = tinyCnn({ size: 16, classes: 3 });
    const model = await loadModel(goodDir);
    const images = tf.randomUniform([2, 16, 16, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
    const expected = original.predict(tf.sub(tf.div(images, 127.5), 1)) as tf.Tensor;
    const actual = model.run(images).output;
    expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 5)));
    tf.dispose([images, expected, actual]);
    model.dispose();
    original.dispose();
  });

  it('refuses malformed model.json with MODEL_INVALID', async () => {
    const dir = await copyGood('bad-json');
    await fs.writeFile(path.join(dir, 'model.json'), '{"modelTopology": ');
    await expectCode(loadModel(dir), 'MODEL_INVALID', /not valid JSON/);
    await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify({ weightsManifest: [] }));
    await expectCode(loadModel(dir), 'MODEL_INVALID', /modelTopology/);
  });

  it('refuses a missing folder or model.json with MODEL_NOT_FOUND', async () => {
    await expectCode(loadModel(path.join(root, 'nope')), 'MODEL_NOT_FOUND');
    await fs.mkdir(path.join(root, 'empty'), { recursive: true });
    await expectCode(loadModel(path.join(root, 'empty')), 'MODEL_NOT_FOUND', /model\.json/);
  });

  it('refuses a missing shard with MODEL_WEIGHTS_MISSING naming it', async () => {
    const dir = await copyGood('missing-shard');
    await fs.rm(path.join(dir, 'group1-shard1of1.bin'));
    await expectCode(loadModel(dir), 'MODEL_WEIGHTS_MISSING', /group1-shard1of1\.bin/);
  });

  it('refuses truncated shards with MODEL_WEIGHTS_MISMATCH', async () => {
    const dir = await copyGood('truncated');
    const shard = path.join(dir, 'group1-shard1of1.bin');
    const bytes = await fs.readFile(shard);
    await fs.writeFile(shard, bytes.subarray(0, bytes.length - 8));
    await expectCode(loadModel(dir), 'MODEL_WEIGHTS_MISMATCH', /describes \d+ bytes/);
  });

  it.each([
    ['../outside.bin', /leaves the model folder/],
    ['/etc/passwd', /absolute/],
    ['https://example.com/w.bin', /URL/],
  ])('refuses weight path %s with MODEL_PATH_ESCAPE', async (weightPath, message) => {
    const dir = await copyGood(`escape-${weightPath.replace(/\W/g, '')}`);
    await editModelJson(dir, (json) => {
      json['weightsManifest'][0].paths = [weightPath];
    });
    await expectCode(loadModel(dir), 'MODEL_PATH_ESCAPE', message);
  });

  it('refuses a shard that is a symlink out of the folder', async () => {
    const dir = await copyGood('symlink');
    const outside = path.join(root, 'outside.bin');
    await fs.copyFile(path.join(dir, 'group1-shard1of1.bin'), outside);
    await fs.rm(path.join(dir, 'group1-shard1of1.bin'));
    await fs.symlink(outside, path.join(dir, 'group1-shard1of1.bin'));
    await expectCode(loadModel(dir), 'MODEL_PATH_ESCAPE', /link/);
  });

  it('names an unknown layer class with MODEL_UNSUPPORTED', async () => {
    const dir = await copyGood('unknown-layer');
    await editModelJson(dir, (json) => {
      json['modelTopology'].config.layers[1].class_name = 'FancyConv';
    });
    await expectCode(loadModel(dir), 'MODEL_UNSUPPORTED', /FancyConv/);
  });

  it('checks the input spec and labels against the model', async () => {
    await expectCode(loadModel(goodDir, { input: { height: 32 } }), 'INPUT_SPEC_INVALID', /height 32/);
    await expectCode(loadModel(goodDir, { classNames: ['a', 'b'] }), 'INPUT_SPEC_INVALID', /2 class names/);
    const dir = await copyGood('bad-sidecar');
    await fs.writeFile(path.join(dir, 'lumen.json'), JSON.stringify({ input: { preprocess: { mode: 'magic' } } }));
    await expectCode(loadModel(dir), 'INPUT_SPEC_INVALID');
  });

  it('reads labels files in text, JSON list and Keras class-index form', async () => {
    const dir = await copyGood('labels');
    await fs.rm(path.join(dir, 'lumen.json'));
    const text = path.join(root, 'labels.txt');
    await fs.writeFile(text, 'a\nb\nc\n');
    const index = path.join(root, 'index.json');
    await fs.writeFile(index, JSON.stringify({ '0': ['n0', 'x'], '1': ['n1', 'y'], '2': ['n2', 'z'] }));
    for (const [labelsFile, expected] of [[text, ['a', 'b', 'c']], [index, ['x', 'y', 'z']]] as const) {
      const model = await loadModel(dir, { labelsFile });
      expect(model.classNames).toEqual(expected);
      model.dispose();
    }
    const unnamed = await loadModel(dir);
    expect(unnamed.classNames).toEqual(['class_0', 'class_1', 'class_2']);
    unnamed.dispose();
  });

  it('loads a GraphModel, lists its nodes and finds its logits', async () => {
    const kernel = new Float32Array(54).map((_, i) => Math.sin(i) * 0.1);
    const dense = new Float32Array([0.5, -0.2, 0.1, -0.3, 0.4, 0.2]);
    const dir = await writeTinyGraphModel(path.join(root, 'graph'), 8, { kernel, dense });
    const model = await loadModel(dir, { classNames: ['a', 'b', 'c'] });
    try {
      expect(model.format).toBe('graph');
      expect(model.rawOutput).toBe('probabilities');
      expect(model.hasLogits).toBe(true);
      expect(model.lastConvLayer().name).toBe('relu');
      const images = tf.randomUniform([1, 8, 8, 3], 0, 255, 'float32', 5) as tf.Tensor4D;
      const probs = model.run(images).output;
      const logits = model.run(images, { output: 'logits' }).output;
      const softmaxed = tf.softmax(logits);
      expect(Array.from(probs.dataSync())).toEqual(Array.from(softmaxed.dataSync()).map((v) => expect.closeTo(v, 5)));
      tf.dispose([images, probs, logits, softmaxed]);
    } finally {
      model.dispose();
    }
  });

  it('does not leak tensors when loading fails after TF.js built the model', async () => {
    const before = tf.memory().numTensors;
    await expectCode(loadModel(goodDir, { classNames: ['only-one'] }), 'INPUT_SPEC_INVALID');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('walks into nested models so inner layers are reachable', async () => {
    const base = tinyCnn({ size: 16, classes: 3 });
    const outer = tfl.sequential({ name: 'wrapper' });
    outer.add(base);
    outer.add(tfl.layers.dense({ units: 2, activation: 'softmax', name: 'head' }));
    const dir = await writeLayersModel(outer, path.join(root, 'nested'));
    const model = await loadModel(dir);
    try {
      expect(model.layers().map((l) => l.name)).toContain('last_conv');
      expect(model.lastConvLayer().name).toBe('last_conv');
      const images = tf.randomUniform([1, 16, 16, 3], 0, 255, 'float32', 2) as tf.Tensor4D;
      const { output, captured } = model.run(images, { capture: ['last_conv'] });
      const expected = outer.predict(images) as tf.Tensor;
      expect(captured['last_conv']?.shape).toEqual([1, 8, 8, 6]);
      expect(Array.from(output.dataSync())).toEqual(Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 5)));
      tf.dispose([images, output, expected, ...Object.values(captured)]);
    } finally {
      model.dispose();
    }
  });
});
