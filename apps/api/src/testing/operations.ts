import type { ApiClient, UploadedFile, UserErrorBody } from './api-client.ts';

/** The GraphQL operations the tests and the load check send, with the shapes they read back. */

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export const FINAL: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface ModelVersionView {
  id: string;
  version: string;
  classNames: string[];
  lastConvLayer: string | null;
  layers: { name: string; className: string; spatial: boolean }[];
  inputSpec: { height: number; width: number };
}

export interface ImageView {
  id: string;
  width: number;
  height: number;
  format: string;
  sha256: string;
  url: string;
}

export interface RunView {
  id: string;
  status: RunStatus;
  attempt: number;
  progress: { done: number; total: number; fraction: number };
  failure: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  methods: { id: string; name: string; params: Record<string, unknown> }[];
  worker: { id: string; pid: number } | null;
}

export interface ExplanationView {
  id: string;
  image: { id: string };
  method: { id: string; name: string };
  target: { index: number; label: string; probability: number; rank: number };
  predictions: { index: number; label: string; probability: number }[];
  attribution: {
    shape: number[];
    dtype: string;
    signed: boolean;
    min: number;
    max: number;
    npyUrl: string;
  };
  overlayUrl: string;
  heatmapUrl: string;
  extras: Record<string, unknown>;
  metrics: Record<string, number | null>;
  durationMs: number;
  backend: string;
  createdAt: string;
}

const USER_ERROR = 'error { code message path details }';

export const CREATE_MODEL = `mutation CreateModel($input: CreateModelInput!) {
  createModel(input: $input) { model { id name } ${USER_ERROR} }
}`;

const VERSION_FIELDS =
  'id version classNames lastConvLayer layers { name className spatial } inputSpec { height width }';

export const CREATE_MODEL_VERSION = `mutation CreateModelVersion($input: CreateModelVersionInput!) {
  createModelVersion(input: $input) { modelVersion { ${VERSION_FIELDS} } ${USER_ERROR} }
}`;

const IMAGE_FIELDS = 'id width height format sha256 url';

export const ADD_IMAGES = `mutation AddImages($input: AddImagesInput!) {
  addImages(input: $input) { images { ${IMAGE_FIELDS} } dataset { id name size } ${USER_ERROR} }
}`;

export const SET_IMAGE_MASK = `mutation SetImageMask($input: SetImageMaskInput!) {
  setImageMask(input: $input) { image { id } ${USER_ERROR} }
}`;

export const PLUGINS = `query Plugins { plugins { id name version output { kind signed } paramsSchema } }`;

export interface PluginView {
  id: string;
  name: string;
  version: string;
  output: { kind: 'spatial' | 'pixel'; signed: boolean };
  paramsSchema: Record<string, unknown>;
}

const RUN_FIELDS =
  'id status attempt progress { done total fraction } failure { code message } createdAt startedAt finishedAt methods { id name params } worker { id pid }';

export const CREATE_RUN = `mutation CreateRun($input: CreateRunInput!) {
  createRun(input: $input) { created run { ${RUN_FIELDS} } ${USER_ERROR} }
}`;

export const CANCEL_RUN = `mutation CancelRun($id: ID!) { cancelRun(id: $id) { run { ${RUN_FIELDS} } ${USER_ERROR} } }`;
export const RETRY_RUN = `mutation RetryRun($id: ID!) { retryRun(id: $id) { run { ${RUN_FIELDS} } ${USER_ERROR} } }`;

export const RUN = `query Run($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`;

const EXPLANATION_FIELDS = `id image { id } method { id name } target { index label probability rank } predictions { index label probability }
  attribution { shape dtype signed min max npyUrl } overlayUrl heatmapUrl extras metrics durationMs backend createdAt`;

export const RUN_EXPLANATIONS = `query RunExplanations($id: ID!, $first: Int, $after: String) {
  run(id: $id) { id explanations(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${EXPLANATION_FIELDS} } } } }
}`;

export const EXPLANATION = `query Explanation($id: ID!) { explanation(id: $id) { ${EXPLANATION_FIELDS} } }`;

export const RUN_PROGRESS = `subscription RunProgress($id: ID!) { runProgress(id: $id) { status done total run { id } } }`;

export interface RunProgressEvent {
  runProgress: { status: RunStatus; done: number; total: number; run: { id: string } };
}

export class UserErrorResult extends Error {
  override readonly name = 'UserErrorResult';
  readonly error: UserErrorBody;
  constructor(operation: string, error: UserErrorBody) {
    super(`${operation}: ${error.code}: ${error.message}`);
    this.error = error;
  }
}

function ok<T>(operation: string, payload: { error: UserErrorBody | null } & T): T {
  if (payload.error) throw new UserErrorResult(operation, payload.error);
  return payload;
}

/** Upload files; throws unless the API stored them. */
export async function uploadFiles(client: ApiClient, files: UploadedFile[]): Promise<string> {
  const result = await client.upload(files);
  if (result.status !== 201 || !result.uploadId)
    throw new Error(`upload failed (HTTP ${result.status}): ${JSON.stringify(result.error)}`);
  return result.uploadId;
}

/** createModel + upload + createModelVersion, failing loudly on any error. */
export async function registerModel(
  client: ApiClient,
  name: string,
  files: UploadedFile[],
  version = 'v1',
): Promise<{ modelId: string; version: ModelVersionView }> {
  const created = await client.data<{
    createModel: { model: { id: string } | null; error: UserErrorBody | null };
  }>(CREATE_MODEL, { input: { name } });
  const model = ok('createModel', created.createModel).model as { id: string };
  const uploadId = await uploadFiles(client, files);
  const result = await client.data<{
    createModelVersion: { modelVersion: ModelVersionView | null; error: UserErrorBody | null };
  }>(CREATE_MODEL_VERSION, {
    input: { modelId: model.id, version, uploadId },
  });
  return {
    modelId: model.id,
    version: ok('createModelVersion', result.createModelVersion).modelVersion as ModelVersionView,
  };
}

export async function addImages(
  client: ApiClient,
  files: UploadedFile[],
  datasetName?: string,
): Promise<ImageView[]> {
  const uploadId = await uploadFiles(client, files);
  const result = await client.data<{
    addImages: { images: ImageView[] | null; error: UserErrorBody | null };
  }>(ADD_IMAGES, {
    input: { uploadId, ...(datasetName ? { datasetName } : {}) },
  });
  return ok('addImages', result.addImages).images as ImageView[];
}

export async function setImageMask(
  client: ApiClient,
  imageId: string,
  kind: string,
  png: Uint8Array,
): Promise<void> {
  const uploadId = await uploadFiles(client, [{ name: `${kind}.png`, bytes: png }]);
  const result = await client.data<{
    setImageMask: { image: { id: string } | null; error: UserErrorBody | null };
  }>(SET_IMAGE_MASK, { input: { imageId, kind, uploadId } });
  ok('setImageMask', result.setImageMask);
}

export interface CreateRunPayload {
  created: boolean;
  run: RunView | null;
  error: UserErrorBody | null;
}

export async function createRun(
  client: ApiClient,
  input: Record<string, unknown>,
): Promise<CreateRunPayload> {
  return (await client.data<{ createRun: CreateRunPayload }>(CREATE_RUN, { input })).createRun;
}

export async function getRun(client: ApiClient, id: string): Promise<RunView | null> {
  return (await client.data<{ run: RunView | null }>(RUN, { id })).run;
}

/** Polls the run until `done(run)` holds; throws with the last state seen after `timeoutMs`. */
export async function waitForRun(
  client: ApiClient,
  id: string,
  done: (run: RunView) => boolean,
  timeoutMs: number,
  intervalMs = 250,
): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  let last: RunView | null = null;
  for (;;) {
    last = await getRun(client, id);
    if (last && done(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `run ${id} did not get there within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const isFinal = (run: RunView) => FINAL.includes(run.status);

interface ExplanationPage {
  run: {
    explanations: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: ExplanationView }[];
    };
  } | null;
}

/** Every explanation of a run, page by page (pages of 100 stay under the complexity limit). */
export async function runExplanations(
  client: ApiClient,
  id: string,
): Promise<{ totalCount: number; explanations: ExplanationView[] }> {
  const explanations: ExplanationView[] = [];
  let after: string | null = null;
  for (;;) {
    const page: ExplanationPage = await client.data<ExplanationPage>(RUN_EXPLANATIONS, {
      id,
      first: 100,
      after,
    });
    if (!page.run) throw new Error(`run ${id} not visible`);
    explanations.push(...page.run.explanations.edges.map((e) => e.node));
    if (!page.run.explanations.pageInfo.hasNextPage)
      return { totalCount: page.run.explanations.totalCount, explanations };
    after = page.run.explanations.pageInfo.endCursor;
  }
}
