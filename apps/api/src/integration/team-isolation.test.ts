import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserErrorBody } from '../testing/api-client.ts';
import { maskPng, patternImages, tinyModelFiles } from '../testing/fixtures.ts';
import { startTestStack, type TestStack, type TestTeam } from '../testing/harness.ts';
import {
  ADD_IMAGES,
  CANCEL_RUN,
  CREATE_MODEL_VERSION,
  RETRY_RUN,
  SET_IMAGE_MASK,
  addImages,
  createRun,
  isFinal,
  registerModel,
  runExplanations,
  setImageMask,
  uploadFiles,
  waitForRun,
  type ExplanationView,
  type ImageView,
  type ModelVersionView,
} from '../testing/operations.ts';

let stack: TestStack;
let alpha: TestTeam;
let beta: TestTeam;
const a = {} as {
  modelId: string;
  version: ModelVersionView;
  images: ImageView[];
  datasetId: string;
  runId: string;
  explanation: ExplanationView;
  uploadId: string;
};
const b = {} as { modelId: string; version: ModelVersionView; images: ImageView[] };

beforeAll(async () => {
  stack = await startTestStack({ label: 'isolation', workers: 1 });
  alpha = await stack.createTeam('Alpha');
  beta = await stack.createTeam('Beta');
  const files = await tinyModelFiles({ size: 16, classes: 3, seed: 5 });

  const registered = await registerModel(alpha.client, 'shared-name', files);
  Object.assign(a, { modelId: registered.modelId, version: registered.version });
  a.images = await addImages(alpha.client, await patternImages(2), 'alpha-set');
  a.datasetId = (await stack.app.db.dataset.findFirstOrThrow({ where: { teamId: alpha.id } })).id;
  await setImageMask(alpha.client, a.images[0]!.id, 'object', await maskPng(16, 16, (x) => x < 8));
  const created = await createRun(alpha.client, {
    modelVersionId: a.version.id,
    imageIds: a.images.map((i) => i.id),
    methods: [{ name: 'grad-cam' }],
    idempotencyKey: 'release-42',
  });
  a.runId = created.run!.id;
  expect((await waitForRun(alpha.client, a.runId, isFinal, 60_000)).status).toBe('SUCCEEDED');
  a.explanation = (await runExplanations(alpha.client, a.runId)).explanations[0]!;
  a.uploadId = await uploadFiles(alpha.client, await patternImages(1, { offset: 50 }));

  const mine = await registerModel(beta.client, 'shared-name', files);
  Object.assign(b, { modelId: mine.modelId, version: mine.version });
  b.images = await addImages(beta.client, await patternImages(1, { offset: 20 }));
});

afterAll(async () => {
  await stack?.close();
});

describe("team B cannot see team A's data", () => {
  it("gets null for each of A's objects by id (and A gets them)", async () => {
    const query = `query ($model: ID!, $version: ID!, $image: ID!, $run: ID!, $explanation: ID!, $dataset: ID!) {
      model(id: $model) { id } modelVersion(id: $version) { id } image(id: $image) { id } run(id: $run) { id }
      explanation(id: $explanation) { id } dataset(id: $dataset) { id } }`;
    const variables = {
      model: a.modelId,
      version: a.version.id,
      image: a.images[0]!.id,
      run: a.runId,
      explanation: a.explanation.id,
      dataset: a.datasetId,
    };
    const seenByB = await beta.client.data<Record<string, unknown>>(query, variables);
    expect(seenByB).toEqual({
      model: null,
      modelVersion: null,
      image: null,
      run: null,
      explanation: null,
      dataset: null,
    });
    const seenByA = await alpha.client.data<Record<string, { id: string }>>(query, variables);
    expect(Object.values(seenByA).map((v) => v.id)).toEqual(Object.values(variables));
  });

  it('lists only its own models, images, datasets and runs', async () => {
    const lists = await beta.client.data<{
      models: { id: string }[];
      images: { totalCount: number; edges: { node: { id: string } }[] };
      datasets: { id: string }[];
      runs: { totalCount: number };
    }>(
      '{ models { id } images { totalCount edges { node { id } } } datasets { id } runs { totalCount } }',
    );
    expect(lists.models.map((m) => m.id)).toEqual([b.modelId]);
    expect(lists.images.edges.map((e) => e.node.id)).toEqual(b.images.map((i) => i.id));
    expect(lists.datasets).toEqual([]);
    expect(lists.runs.totalCount).toBe(0);
  });

  it("gets no metric aggregates or comparison out of A's model versions", async () => {
    const aggregates = await beta.client.data<{ metricAggregates: unknown[] }>(
      'query ($v: ID!) { metricAggregates(modelVersionId: $v, method: "grad-cam") { name count } }',
      { v: a.version.id },
    );
    expect(aggregates.metricAggregates).toEqual([]);
    const mine = await alpha.client.data<{ metricAggregates: { name: string; count: number }[] }>(
      'query ($v: ID!) { metricAggregates(modelVersionId: $v, method: "grad-cam") { name count } }',
      { v: a.version.id },
    );
    expect(mine.metricAggregates.find((m) => m.name === 'energyOnObject')?.count).toBe(1);
    const compare = await beta.client.request(
      'query ($v: ID!) { compare(modelVersionA: $v, modelVersionB: $v, method: "grad-cam") { summary } }',
      { v: a.version.id },
    );
    expect(compare.data).toBeNull();
    expect(compare.errors[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("gets 404 for every blob URL of A's (which A can fetch)", async () => {
    const lowRes = (a.explanation.extras['lowRes'] as { url: string }).url;
    const urls = [
      a.images[0]!.url,
      `${a.images[0]!.url}/masks/object`,
      a.explanation.overlayUrl,
      a.explanation.heatmapUrl,
      a.explanation.attribution.npyUrl,
      lowRes,
    ];
    for (const url of urls) {
      expect([url, (await alpha.client.get(url)).status]).toEqual([url, 200]);
      const stolen = await beta.client.get(url);
      expect([url, stolen.status]).toEqual([url, 404]);
      expect(new TextDecoder().decode(stolen.bytes)).toContain('NOT_FOUND');
    }
  });
});

describe("team B cannot act on team A's data", () => {
  const notFound = (payload: { error: UserErrorBody | null }) => {
    expect(payload.error?.code).toBe('NOT_FOUND');
  };

  it("cannot run A's model version, or its own model on A's images or dataset", async () => {
    const runsBefore = await stack.app.db.run.count();
    notFound(
      await createRun(beta.client, {
        modelVersionId: a.version.id,
        imageIds: b.images.map((i) => i.id),
        methods: [{ name: 'grad-cam' }],
      }),
    );
    notFound(
      await createRun(beta.client, {
        modelVersionId: b.version.id,
        imageIds: [a.images[0]!.id],
        methods: [{ name: 'grad-cam' }],
      }),
    );
    notFound(
      await createRun(beta.client, {
        modelVersionId: b.version.id,
        datasetId: a.datasetId,
        methods: [{ name: 'grad-cam' }],
      }),
    );
    expect(await stack.app.db.run.count()).toBe(runsBefore);
  });

  it("cannot cancel or retry A's run", async () => {
    const cancel = await beta.client.data<{ cancelRun: { error: UserErrorBody | null } }>(
      CANCEL_RUN,
      { id: a.runId },
    );
    notFound(cancel.cancelRun);
    const retry = await beta.client.data<{ retryRun: { error: UserErrorBody | null } }>(RETRY_RUN, {
      id: a.runId,
    });
    notFound(retry.retryRun);
    expect((await stack.app.db.run.findUniqueOrThrow({ where: { id: a.runId } })).status).toBe(
      'SUCCEEDED',
    );
  });

  it("cannot use A's upload, add to A's dataset, add a version to A's model or mask A's image", async () => {
    const viaUpload = await beta.client.data<{ addImages: { error: UserErrorBody | null } }>(
      ADD_IMAGES,
      { input: { uploadId: a.uploadId } },
    );
    notFound(viaUpload.addImages);
    const myUpload = await uploadFiles(beta.client, await patternImages(1, { offset: 60 }));
    const intoDataset = await beta.client.data<{ addImages: { error: UserErrorBody | null } }>(
      ADD_IMAGES,
      { input: { uploadId: myUpload, datasetId: a.datasetId } },
    );
    notFound(intoDataset.addImages);
    const modelUpload = await uploadFiles(
      beta.client,
      await tinyModelFiles({ size: 16, classes: 3, seed: 5 }),
    );
    const version = await beta.client.data<{ createModelVersion: { error: UserErrorBody | null } }>(
      CREATE_MODEL_VERSION,
      {
        input: { modelId: a.modelId, version: 'v9', uploadId: modelUpload },
      },
    );
    notFound(version.createModelVersion);
    const maskUpload = await uploadFiles(beta.client, [
      { name: 'm.png', bytes: await maskPng(16, 16, () => true) },
    ]);
    const mask = await beta.client.data<{ setImageMask: { error: UserErrorBody | null } }>(
      SET_IMAGE_MASK,
      { input: { imageId: a.images[0]!.id, kind: 'object', uploadId: maskUpload } },
    );
    notFound(mask.setImageMask);
    expect(await stack.app.db.modelVersion.count({ where: { modelId: a.modelId } })).toBe(1);
    expect(await stack.app.db.datasetImage.count({ where: { datasetId: a.datasetId } })).toBe(2);
  });

  it('keeps idempotency keys and image deduplication per team', async () => {
    const mine = await createRun(beta.client, {
      modelVersionId: b.version.id,
      imageIds: [b.images[0]!.id],
      methods: [{ name: 'saliency' }],
      idempotencyKey: 'release-42',
    });
    expect(mine.created).toBe(true);
    expect(mine.run?.id).not.toBe(a.runId);
    const [copy] = await addImages(beta.client, await patternImages(1));
    expect(copy!.sha256).toBe(a.images[0]!.sha256);
    expect(copy!.id).not.toBe(a.images[0]!.id);
    await waitForRun(beta.client, mine.run!.id, isFinal, 60_000);
  });
});
