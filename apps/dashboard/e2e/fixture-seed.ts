/**
 * Test data for when the bundled demo models are not there: two untrained tiny CNN versions
 * of a shapes classifier, demo images with object and cue masks, and one Grad-CAM run per
 * version, all created through the public API (uploads and mutations) as a user would.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { encodePng, initBackend } from '@lumen/core';
import { DEMO_CLASSES, generateDemoDataset, type DemoSample } from '@lumen/core/demo';
import { makeTempDir, tinyCnn, writeLayersModel } from '@lumen/core/testing';
import { orThrow, type ApiClient } from './api-client.ts';

export const FIXTURE = {
  model: 'e2e-shapes',
  dataset: 'e2e-shapes',
  images: 6,
  method: 'grad-cam',
} as const;

export interface SeededFixture {
  modelId: string;
  versionIds: { v1: string; v2: string };
  datasetId: string;
  imageIds: string[];
  runIds: string[];
}

async function modelFiles(seed: number): Promise<{ name: string; bytes: Uint8Array }[]> {
  const dir = await makeTempDir();
  await writeLayersModel(tinyCnn({ size: 64, classes: DEMO_CLASSES.length, seed }), dir, {
    classNames: [...DEMO_CLASSES],
    metadata: { note: 'untrained tiny CNN used by the dashboard end-to-end tests' },
  });
  const names = await fs.readdir(dir);
  const files = await Promise.all(
    names.map(async (name) => ({
      name,
      bytes: new Uint8Array(await fs.readFile(path.join(dir, name))),
    })),
  );
  await fs.rm(dir, { recursive: true, force: true });
  return files;
}

function maskPng(sample: DemoSample, mask: Uint8Array): Promise<Uint8Array> {
  const data = new Uint8Array(mask.length * 3);
  for (let i = 0; i < mask.length; i++) data.fill(mask[i] ? 255 : 0, i * 3, i * 3 + 3);
  return encodePng({ width: sample.width, height: sample.height, data });
}

export async function seedFixture(api: ApiClient): Promise<SeededFixture> {
  await initBackend({ prefer: 'cpu', env: {} });
  const { createModel } = await api.graphql<{
    createModel: { model: { id: string } | null; error: { code: string; message: string } | null };
  }>(
    'mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } error { code message } } }',
    {
      input: {
        name: FIXTURE.model,
        description: 'Untrained tiny CNNs for the dashboard end-to-end tests.',
      },
    },
  );
  const modelId = orThrow(createModel, 'createModel').model?.id as string;
  const versionIds: Record<string, string> = {};
  for (const [version, seed] of [
    ['v1', 1],
    ['v2', 7],
  ] as const) {
    const uploadId = await api.upload(await modelFiles(seed));
    const { createModelVersion } = await api.graphql<{
      createModelVersion: {
        modelVersion: { id: string } | null;
        error: { code: string; message: string } | null;
      };
    }>(
      'mutation($input: CreateModelVersionInput!) { createModelVersion(input: $input) { modelVersion { id } error { code message } } }',
      { input: { modelId, version, uploadId } },
    );
    versionIds[version] = orThrow(createModelVersion, 'createModelVersion').modelVersion
      ?.id as string;
  }

  const samples = generateDemoDataset({
    seed: 99,
    count: FIXTURE.images,
    startIndex: 7_000_000,
    cueOverride: 'present',
  });
  const files = await Promise.all(
    samples.map(async (s) => ({
      name: `${s.index}-${s.label}.png`,
      bytes: await encodePng({ width: s.width, height: s.height, data: s.image }),
    })),
  );
  const imagesUpload = await api.upload(files);
  const { addImages } = await api.graphql<{
    addImages: {
      images: { id: string; filename: string }[] | null;
      dataset: { id: string } | null;
      error: { code: string; message: string } | null;
    };
  }>(
    'mutation($input: AddImagesInput!) { addImages(input: $input) { images { id filename } dataset { id } error { code message } } }',
    {
      input: {
        uploadId: imagesUpload,
        datasetName: FIXTURE.dataset,
        labels: Object.fromEntries(files.map((f, i) => [f.name, samples[i]?.label])),
      },
    },
  );
  const added = orThrow(addImages, 'addImages');
  const images = added.images ?? [];
  for (const [i, sample] of samples.entries()) {
    const image = images.find((im) => im.filename === files[i]?.name);
    if (!image) throw new Error(`image ${files[i]?.name} was not stored`);
    const masks: [string, Uint8Array][] = [['object', sample.mask]];
    if (sample.hasCue) masks.push(['cue', sample.cueMask]);
    for (const [kind, mask] of masks) {
      const uploadId = await api.upload([
        { name: `${kind}.png`, bytes: await maskPng(sample, mask) },
      ]);
      const { setImageMask } = await api.graphql<{
        setImageMask: { error: { code: string; message: string } | null };
      }>(
        'mutation($input: SetImageMaskInput!) { setImageMask(input: $input) { error { code message } } }',
        { input: { imageId: image.id, kind, uploadId } },
      );
      orThrow(setImageMask, 'setImageMask');
    }
  }

  const datasetId = added.dataset?.id as string;
  const runIds: string[] = [];
  for (const version of ['v1', 'v2']) {
    const { createRun } = await api.graphql<{
      createRun: { run: { id: string } | null; error: { code: string; message: string } | null };
    }>(
      'mutation($input: CreateRunInput!) { createRun(input: $input) { run { id } error { code message } } }',
      {
        input: {
          modelVersionId: versionIds[version],
          datasetId,
          methods: [{ name: FIXTURE.method }],
          idempotencyKey: `e2e-fixture-${version}`,
        },
      },
    );
    runIds.push(orThrow(createRun, 'createRun').run?.id as string);
  }
  return {
    modelId,
    versionIds: { v1: versionIds['v1'] as string, v2: versionIds['v2'] as string },
    datasetId,
    imageIds: images.map((i) => i.id),
    runIds,
  };
}
