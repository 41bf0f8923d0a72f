import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, UploadedFile, UserErrorBody } from '../testing/api-client.ts';
import {
  SHARD_NAME,
  editModelJson,
  fileText,
  greyJpeg,
  patternImages,
  patternPng,
  pngBomb,
  readPngHeader,
  replaceFile,
  tinyModelFiles,
  truncatedJpeg,
} from '../testing/fixtures.ts';
import { startTestStack, type TestStack, type TestTeam } from '../testing/harness.ts';
import {
  ADD_IMAGES,
  CANCEL_RUN,
  CREATE_MODEL,
  CREATE_MODEL_VERSION,
  addImages,
  createRun,
  registerModel,
  uploadFiles,
  type ImageView,
  type ModelVersionView,
} from '../testing/operations.ts';
import { streamUpload } from '../testing/raw-upload.ts';

const MAX_UPLOAD_BYTES = 1024 * 1024;

let stack: TestStack;
let team: TestTeam;
let client: ApiClient;
let modelFiles: UploadedFile[];
let version: ModelVersionView;
let image: ImageView;

/** Row counts of everything an upload or a mutation could leave behind. */
async function stored() {
  const db = stack.app.db;
  const [versions, artifacts, images, runs, jobs, uploadsConsumed] = await Promise.all([
    db.modelVersion.count(),
    db.modelArtifactFile.count(),
    db.image.count(),
    db.run.count(),
    db
      .$queryRawUnsafe<{ count: bigint }[]>(
        `SELECT count(*)::bigint AS count FROM pgboss.job WHERE name LIKE 'lumen-explain-%'`,
      )
      .then((r) => Number(r[0]?.count)),
    db.upload.count({ where: { status: 'CONSUMED' } }),
  ]);
  return { versions, artifacts, images, runs, jobs, uploadsConsumed };
}

beforeAll(async () => {
  stack = await startTestStack({
    label: 'malformed',
    workers: 0,
    env: { LUMEN_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
  });
  team = await stack.createTeam('Gamma');
  client = team.client;
  modelFiles = await tinyModelFiles({ size: 16, classes: 3, seed: 11 });
  version = (await registerModel(client, 'reference', modelFiles)).version;
  image = (await addImages(client, await patternImages(1)))[0]!;
});

afterAll(async () => {
  await stack?.close();
});

describe('a malformed model is refused with a typed reason, and nothing is stored', () => {
  let modelId: string;
  beforeAll(async () => {
    const created = await client.data<{ createModel: { model: { id: string } } }>(CREATE_MODEL, {
      input: { name: 'tampered' },
    });
    modelId = created.createModel.model.id;
  });

  const attempt = async (files: UploadedFile[], versionName: string) => {
    const uploadId = await uploadFiles(client, files);
    const result = await client.data<{
      createModelVersion: { modelVersion: ModelVersionView | null; error: UserErrorBody | null };
    }>(CREATE_MODEL_VERSION, {
      input: { modelId, version: versionName, uploadId },
    });
    return result.createModelVersion;
  };

  const cases: { name: string; code: string; files: () => UploadedFile[]; mentions: RegExp }[] = [
    {
      name: 'model.json that is not JSON',
      code: 'MODEL_INVALID',
      files: () =>
        replaceFile(modelFiles, 'model.json', fileText(modelFiles, 'model.json').slice(0, 200)),
      mentions: /not valid JSON/,
    },
    {
      name: 'no model.json at all',
      code: 'MODEL_NOT_FOUND',
      files: () => replaceFile(modelFiles, 'model.json', null),
      mentions: /model\.json/,
    },
    {
      name: 'a weight shard named in the manifest but not uploaded',
      code: 'MODEL_WEIGHTS_MISSING',
      files: () => replaceFile(modelFiles, SHARD_NAME, null),
      mentions: new RegExp(SHARD_NAME),
    },
    {
      name: 'a weight path that leaves the model folder (../x.bin)',
      code: 'MODEL_PATH_ESCAPE',
      files: () =>
        replaceFile(
          editModelJson(
            modelFiles,
            (json) => ((json['weightsManifest'] as { paths: string[] }[])[0]!.paths = ['../x.bin']),
          ),
          'x.bin',
          modelFiles.find((f) => f.name === SHARD_NAME)!.bytes,
        ),
      mentions: /\.\.\/x\.bin/,
    },
    {
      name: 'a truncated weight shard',
      code: 'MODEL_WEIGHTS_MISMATCH',
      files: () => {
        const shard = modelFiles.find((f) => f.name === SHARD_NAME)!.bytes;
        return replaceFile(modelFiles, SHARD_NAME, shard.slice(0, shard.length - 100));
      },
      mentions: /truncated/,
    },
    {
      name: 'a layer class TF.js does not know',
      code: 'MODEL_UNSUPPORTED',
      files: () =>
        replaceFile(
          modelFiles,
          'model.json',
          fileText(modelFiles, 'model.json').replace(
            '"class_name":"Conv2D"',
            '"class_name":"FancyConv2D"',
          ),
        ),
      mentions: /FancyConv2D/,
    },
  ];

  for (const testCase of cases) {
    it(`refuses ${testCase.name}: ${testCase.code}`, async () => {
      const files = testCase.files();
      expect(files).not.toEqual(modelFiles);
      const before = await stored();
      const payload = await attempt(files, 'v-bad');
      expect(payload.modelVersion).toBeNull();
      expect(payload.error?.code).toBe(testCase.code);
      expect(payload.error?.message).toMatch(testCase.mentions);
      const after = await stored();
      expect(after).toEqual(before);
    });
  }

  it('accepts the same files untampered (the refusals above are about the tampering)', async () => {
    const payload = await attempt(modelFiles, 'v-good');
    expect(payload.error).toBeNull();
    expect(payload.modelVersion?.lastConvLayer).toBe('last_conv');
  });

  it('accepts a model whose weight shards live in a subfolder (paths survive the upload)', async () => {
    const shard = modelFiles.find((f) => f.name === SHARD_NAME)!.bytes;
    const nested = replaceFile(
      replaceFile(
        editModelJson(
          modelFiles,
          (json) =>
            ((json['weightsManifest'] as { paths: string[] }[])[0]!.paths = [
              `weights/${SHARD_NAME}`,
            ]),
        ),
        SHARD_NAME,
        null,
      ),
      `weights/${SHARD_NAME}`,
      shard,
    );
    const payload = await attempt(nested, 'v-nested');
    expect(payload.error).toBeNull();
    expect(payload.modelVersion?.layers.length).toBe(version.layers.length);
  });

  it('refuses an upload whose file name climbs out of the upload (400), storing nothing', async () => {
    const before = await stack.app.db.upload.count();
    const result = await client.upload([
      ...modelFiles,
      { name: '../x.bin', bytes: new Uint8Array(8) },
    ]);
    expect(result.status).toBe(400);
    expect(result.error?.code).toBe('UPLOAD_INVALID');
    expect(await stack.app.db.upload.count()).toBe(before);
  });
});

describe('a malformed image is refused before it is decoded, and nothing is stored', () => {
  const attempt = async (files: UploadedFile[]) => {
    const uploadId = await uploadFiles(client, files);
    return (
      await client.data<{ addImages: { images: ImageView[] | null; error: UserErrorBody | null } }>(
        ADD_IMAGES,
        { input: { uploadId, datasetName: 'bad-batch' } },
      )
    ).addImages;
  };

  it('refuses a PNG whose (valid) header claims 100000 x 100000 pixels: IMAGE_TOO_LARGE', async () => {
    const bomb = pngBomb(100_000, 100_000);
    expect(readPngHeader(bomb)).toEqual({ width: 100_000, height: 100_000, crcOk: true });
    expect(bomb.length).toBeLessThan(200);
    const before = await stored();
    const payload = await attempt([{ name: 'bomb.png', bytes: bomb }]);
    expect(payload.images).toBeNull();
    expect(payload.error?.code).toBe('IMAGE_TOO_LARGE');
    expect(payload.error?.details).toMatchObject({ width: 100_000, height: 100_000 });
    expect(await stored()).toEqual(before);
    expect(await stack.app.db.dataset.count({ where: { name: 'bad-batch' } })).toBe(0);
  });

  it('refuses a truncated JPEG: IMAGE_INVALID (the whole JPEG is accepted)', async () => {
    const before = await stored();
    const payload = await attempt([{ name: 'cut.jpg', bytes: truncatedJpeg(16, 16) }]);
    expect(payload.images).toBeNull();
    expect(payload.error?.code).toBe('IMAGE_INVALID');
    expect(payload.error?.message).toMatch(/cut\.jpg/);
    expect(await stored()).toEqual(before);

    const whole = await attempt([{ name: 'whole.jpg', bytes: greyJpeg(16, 16) }]);
    expect(whole.error).toBeNull();
    expect(whole.images?.map((i) => [i.format, i.width, i.height])).toEqual([['jpeg', 16, 16]]);
  });

  it('refuses bytes that are no image at all: IMAGE_INVALID', async () => {
    const payload = await attempt([
      { name: 'notes.png', bytes: new TextEncoder().encode('just some text') },
    ]);
    expect(payload.error?.code).toBe('IMAGE_INVALID');
  });

  it('stores none of an upload when one of its images is bad', async () => {
    const before = await stored();
    const payload = await attempt([
      { name: 'a-good.png', bytes: await patternPng(4242) },
      { name: 'b-bomb.png', bytes: pngBomb(100_000, 100_000) },
    ]);
    expect(payload.error?.code).toBe('IMAGE_TOO_LARGE');
    expect(await stored()).toEqual(before);
  });
});

describe('a run request with bad methods or params is refused at createRun, and no run is created', () => {
  const cases: {
    name: string;
    code: string;
    methods: unknown[];
    targets?: unknown;
    mentions: RegExp;
  }[] = [
    {
      name: 'an unknown param key',
      code: 'INVALID_PARAMS',
      methods: [{ name: 'grad-cam', params: { layr: 'last_conv' } }],
      mentions: /layr.*did you mean 'layer'/,
    },
    {
      name: 'a param of the wrong type',
      code: 'INVALID_PARAMS',
      methods: [{ name: 'grad-cam', params: { relu: 'yes' } }],
      mentions: /relu/,
    },
    {
      name: 'a param that is not an object',
      code: 'INVALID_PARAMS',
      methods: [{ name: 'saliency', params: [1, 2] }],
      mentions: /params must be an object/,
    },
    {
      name: 'a layer the model does not have',
      code: 'LAYER_NOT_FOUND',
      methods: [{ name: 'grad-cam', params: { layer: 'last_convv' } }],
      mentions: /last_convv/,
    },
    {
      name: 'a method no plugin provides',
      code: 'PLUGIN_NOT_FOUND',
      methods: [{ name: 'no-such-method' }],
      mentions: /no-such-method/,
    },
    {
      name: 'a bad method next to a good one',
      code: 'LAYER_NOT_FOUND',
      methods: [{ name: 'saliency' }, { name: 'grad-cam', params: { layer: 'conv9' } }],
      mentions: /conv9/,
    },
    {
      name: 'a layer without a spatial output for grad-cam',
      code: 'INVALID_PARAMS',
      methods: [{ name: 'grad-cam', params: { layer: 'gap' } }],
      mentions: /gap/,
    },
    {
      name: 'a target class the model does not have',
      code: 'TARGET_INVALID',
      methods: [{ name: 'saliency' }],
      targets: 'class-9',
      mentions: /class-9/,
    },
  ];

  for (const testCase of cases) {
    it(`refuses ${testCase.name}: ${testCase.code}`, async () => {
      const before = await stored();
      const payload = await createRun(client, {
        modelVersionId: version.id,
        imageIds: [image.id],
        methods: testCase.methods,
        ...(testCase.targets ? { targets: testCase.targets } : {}),
        idempotencyKey: `bad-${testCase.name}`,
      });
      expect(payload.run).toBeNull();
      expect(payload.created).toBe(false);
      expect(payload.error?.code).toBe(testCase.code);
      expect(payload.error?.message).toMatch(testCase.mentions);
      expect(await stored()).toEqual(before);
    });
  }

  it('accepts the corrected request (and a queued run cancels at once)', async () => {
    const before = await stored();
    const payload = await createRun(client, {
      modelVersionId: version.id,
      imageIds: [image.id],
      methods: [{ name: 'grad-cam', params: { layer: 'last_conv' } }],
    });
    expect(payload.error).toBeNull();
    expect(payload.run?.status).toBe('QUEUED');
    const after = await stored();
    expect([after.runs - before.runs, after.jobs - before.jobs]).toEqual([1, 1]);
    const cancelled = await client.data<{
      cancelRun: { run: { status: string; failure: { code: string } } };
    }>(CANCEL_RUN, { id: payload.run!.id });
    expect(cancelled.cancelRun.run).toMatchObject({
      status: 'CANCELLED',
      failure: { code: 'CANCELLED' },
    });
  });
});

describe('uploads over the size limit are refused with 413', () => {
  it('refuses a body whose declared length is over the limit before reading it', async () => {
    const before = await stack.app.db.upload.count();
    const result = await streamUpload(stack.url, team.key, 64 * MAX_UPLOAD_BYTES, {
      declareLength: true,
    });
    expect(result.status).toBe(413);
    expect(result.body.error?.code).toBe('UPLOAD_TOO_LARGE');
    expect(result.body.error?.message).toContain(String(result.planned));
    expect(result.sentWhenAnswered).toBeLessThan(result.planned / 4);
    expect(await stack.app.db.upload.count()).toBe(before);
  });

  it('refuses a streamed body (no length given) as soon as it crosses the limit, while the client is still sending', async () => {
    const before = await stack.app.db.upload.count();
    const result = await streamUpload(stack.url, team.key, 64 * MAX_UPLOAD_BYTES);
    expect(result.status).toBe(413);
    expect(result.body.error?.code).toBe('UPLOAD_TOO_LARGE');
    expect(result.body.error?.message).not.toContain(String(result.planned));
    expect(result.sentWhenAnswered).toBeGreaterThan(MAX_UPLOAD_BYTES);
    expect(result.sentWhenAnswered).toBeLessThan(result.planned / 4);
    expect(await stack.app.db.upload.count()).toBe(before);
  });

  it('accepts a streamed body under the limit', async () => {
    const result = await streamUpload(stack.url, team.key, MAX_UPLOAD_BYTES / 2);
    expect(result.status).toBe(201);
    expect(result.body.uploadId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
