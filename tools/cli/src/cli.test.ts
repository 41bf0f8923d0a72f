import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodePng, decodeImage } from '@lumen/core';
import { makeTempDir, tinyCnn, writeLayersModel } from '@lumen/core/testing';

const bin = fileURLToPath(new URL('../bin/lumen.js', import.meta.url));
const run = promisify(execFile);

async function lumen(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd, env: { ...process.env, LUMEN_BACKEND: 'wasm' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('lumen CLI', () => {
  let root: string;
  let modelDir: string;
  let plainDir: string;
  let imagePath: string;

  beforeAll(async () => {
    root = await makeTempDir('lumen-cli-');
    modelDir = await writeLayersModel(tinyCnn({ size: 16, classes: 3 }), path.join(root, 'model'), {
      name: 'tiny',
      version: 'v1',
      input: { preprocess: { mode: 'tf' } },
      classNames: ['cat', 'dog', 'fox'],
    });
    plainDir = await writeLayersModel(tinyCnn({ size: 16, classes: 3 }), path.join(root, 'plain'));
    imagePath = path.join(root, 'image.png');
    const data = Uint8Array.from({ length: 40 * 30 * 3 }, (_, i) => (i * 7) % 256);
    await fs.writeFile(imagePath, await encodePng({ width: 40, height: 30, data }));
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('explain writes overlay.png, attribution.npy and result.json', async () => {
    const out = path.join(root, 'out');
    const { code, stderr } = await lumen(['explain', '--model', modelDir, '--image', imagePath, '--method', 'grad-cam', '--target', 'top2', '--seed', '3', '--out', out]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(await fs.readFile(path.join(out, 'result.json'), 'utf8'));
    expect(result.method).toBe('grad-cam@1.0.0');
    expect(result.params).toMatchObject({ layer: 'auto', score: 'probability' });
    expect(result.seed).toBe(3);
    expect(result.targets.map((t: { rank: number }) => t.rank)).toEqual([1, 2]);
    expect(result.targets[0]).toMatchObject({ index: expect.any(Number), label: expect.any(String), probability: expect.any(Number) });
    expect(result.attribution.shape).toEqual([2, 16, 16]);
    expect(result.attribution.max).toBeGreaterThanOrEqual(result.attribution.min);
    expect(result.backend).toMatchObject({ name: 'wasm' });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const npy = decodeNpy(new Uint8Array(await fs.readFile(path.join(out, 'attribution.npy'))));
    expect(npy.shape).toEqual([2, 16, 16]);
    expect(Math.max(...npy.data)).toBeCloseTo(result.attribution.max, 6);
    const overlay = await decodeImage(path.join(out, 'overlay.png'));
    expect([overlay.width, overlay.height]).toEqual([40, 30]);
    await fs.access(path.join(out, 'overlay-1.png'));
  });

  it('explains a plain model folder described by flags', async () => {
    const labels = path.join(root, 'labels.txt');
    await fs.writeFile(labels, 'x\ny\nz\n');
    const out = path.join(root, 'plain-out');
    const { code, stderr } = await lumen([
      'explain', '--model', plainDir, '--image', imagePath, '--method', 'saliency', '--target', 'y',
      '--input-size', '16x16', '--preprocess', 'torch', '--labels', labels, '--out', out, '--json',
    ]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(await fs.readFile(path.join(out, 'result.json'), 'utf8'));
    expect(result.targets[0].label).toBe('y');
  });

  it.each([
    [['explain', '--image', 'x.png', '--method', 'grad-cam', '--out', 'o'], 2, /required option '--model/],
    [['explain', '--model', 'MODEL', '--image', 'IMAGE', '--method', 'grad-cma', '--out', 'o'], 1, /\[PLUGIN_NOT_FOUND\].*did you mean 'grad-cam'/i],
    [['explain', '--model', 'MODEL', '--image', 'IMAGE', '--method', 'grad-cam', '--params', '{bad', '--out', 'o'], 2, /--params is not valid JSON/],
    [['explain', '--model', 'MODEL', '--image', 'IMAGE', '--method', 'grad-cam', '--params', '{"layr":"x"}', '--out', 'o'], 2, /\[INVALID_PARAMS\].*did you mean 'layer'/],
    [['explain', '--model', 'MODEL', '--image', 'IMAGE', '--method', 'grad-cam', '--target', 'wolf', '--out', 'o'], 2, /\[TARGET_INVALID\].*unknown class 'wolf'/],
    [['explain', '--model', '/nonexistent', '--image', 'IMAGE', '--method', 'grad-cam', '--out', 'o'], 1, /\[MODEL_NOT_FOUND\]/],
    [['explain', '--model', 'MODEL', '--image', '/nonexistent.png', '--method', 'grad-cam', '--out', 'o'], 1, /\[IMAGE_INVALID\]/],
  ])('fails with one clear line: %j', async (args, code, message) => {
    const resolved = args.map((a) => (a === 'MODEL' ? modelDir : a === 'IMAGE' ? imagePath : a === 'o' ? path.join(root, 'err-out') : a));
    const result = await lumen(resolved);
    expect(result.code).toBe(code);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('lumen: error') || l.startsWith('error:'));
    expect(lines.length, result.stderr).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('models inspect lists layers, the input spec and the last conv layer', async () => {
    const { code, stdout } = await lumen(['models', 'inspect', modelDir, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.lastConvLayer).toBe('last_conv');
    expect(summary.input).toMatchObject({ height: 16, width: 16, preprocess: { mode: 'tf' } });
    expect(summary.layers.map((l: { name: string }) => l.name)).toContain('conv1');
    const text = await lumen(['models', 'inspect', modelDir]);
    expect(text.stdout).toMatch(/last convolutional layer: last_conv/);
  });

  it('plugins list shows plugins from a config, with their params', async () => {
    const { code, stdout } = await lumen(['plugins', 'list', '--json']);
    expect(code).toBe(0);
    const plugins = JSON.parse(stdout) as { id: string; paramsSchema: { properties: Record<string, unknown> } }[];
    expect(plugins.map((p) => p.id)).toEqual(expect.arrayContaining(['grad-cam@1.0.0', 'saliency@1.0.0']));
    expect(Object.keys(plugins.find((p) => p.id === 'grad-cam@1.0.0')!.paramsSchema.properties)).toContain('layer');
  });
});
