/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AddImagesInput = {
  /** Also add the images to this dataset... */
  datasetId?: string | null | undefined;
  /** ...or to a dataset with this name (created if missing). */
  datasetName?: string | null | undefined;
  /** Labels by file name, e.g. { "cat1.jpg": "cat" }. */
  labels?: unknown;
  /** An upload holding PNG, JPEG or WebP files. */
  uploadId: string;
};

export type CreateRunInput = {
  /** Background images for methods that need them (Expected Gradients). */
  backgroundDatasetId?: string | null | undefined;
  batchSize?: number | null | undefined;
  /** Explain every image of this dataset (with or instead of imageIds). */
  datasetId?: string | null | undefined;
  deviceClass?: DeviceClass | null | undefined;
  /** The same key twice (per team) gives back the same run instead of a new one. */
  idempotencyKey?: string | null | undefined;
  imageIds?: Array<string> | null | undefined;
  methods: Array<MethodInput>;
  modelVersionId: string;
  /** Higher runs first. */
  priority?: number | null | undefined;
  seed?: number | null | undefined;
  targets?: unknown;
};

export type DeviceClass = 'ANY' | 'CPU' | 'GPU';

export type MethodInput = {
  name: string;
  params?: unknown;
};

export type ModelFormat = 'GRAPH' | 'LAYERS';

export type RunFilter = {
  /** A plugin name: runs that use this method. */
  method?: string | null | undefined;
  modelId?: string | null | undefined;
  modelVersionId?: string | null | undefined;
  status?: Array<RunStatus> | null | undefined;
};

export type RunStatus = 'CANCELLED' | 'FAILED' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED';

export type CompareOptionsQueryVariables = Exact<{ [key: string]: never }>;

export type CompareOptionsQuery = {
  models: Array<{
    id: string;
    name: string;
    versions: Array<{ id: string; version: string; createdAt: string }>;
  }>;
  datasets: Array<{ id: string; name: string; size: number }>;
  plugins: Array<{ id: string; name: string; title: string; output: { signed: boolean } }>;
  metricCatalog: Array<{
    name: string;
    title: string;
    description: string;
    higherIsBetter: boolean;
    pairwise: boolean;
  }>;
};

export type PairSideFieldsFragment = {
  id: string;
  metrics: unknown;
  target: { label: string; probability: number };
  attribution: { shape: Array<number>; signed: boolean; npyUrl: string };
};

export type ComparisonQueryVariables = Exact<{
  a: string;
  b: string;
  method: string;
  datasetId?: string | null | undefined;
  imageIds?: Array<string> | string | null | undefined;
}>;

export type ComparisonQuery = {
  compare: {
    method: string;
    summary: string;
    missing: number;
    modelVersionA: { id: string; version: string; model: { id: string; name: string } };
    modelVersionB: { id: string; version: string; model: { id: string; name: string } };
    metrics: Array<{
      name: string;
      description: string;
      higherIsBetter: boolean;
      meanA: number | null;
      meanB: number | null;
      delta: number | null;
      count: number;
    }>;
    pairs: Array<{
      metricDeltas: unknown;
      image: { id: string; url: string; filename: string | null; label: string | null };
      a: {
        id: string;
        metrics: unknown;
        target: { label: string; probability: number };
        attribution: { shape: Array<number>; signed: boolean; npyUrl: string };
      } | null;
      b: {
        id: string;
        metrics: unknown;
        target: { label: string; probability: number };
        attribution: { shape: Array<number>; signed: boolean; npyUrl: string };
      } | null;
      agreement: { rankCorrelation: number; topKOverlap: number; topKFraction: number } | null;
    }>;
  };
};

export type ComparisonRunsQueryVariables = Exact<{
  a: string;
  b: string;
  method: string;
}>;

export type ComparisonRunsQuery = {
  runsA: {
    edges: Array<{
      node: {
        id: string;
        status: RunStatus;
        createdAt: string;
        imageCount: number;
        progress: { done: number; total: number; fraction: number };
        failure: { code: string; message: string } | null;
      };
    }>;
  };
  runsB: {
    edges: Array<{
      node: {
        id: string;
        status: RunStatus;
        createdAt: string;
        imageCount: number;
        progress: { done: number; total: number; fraction: number };
        failure: { code: string; message: string } | null;
      };
    }>;
  };
};

export type DatasetImagesQueryVariables = Exact<{
  id: string;
  first: number;
  after?: string | null | undefined;
}>;

export type DatasetImagesQuery = {
  dataset: {
    id: string;
    name: string;
    size: number;
    images: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{
        node: {
          id: string;
          url: string;
          filename: string | null;
          label: string | null;
          width: number;
          height: number;
        };
      }>;
    };
  } | null;
};

export type LandingQueryVariables = Exact<{ [key: string]: never }>;

export type LandingQuery = {
  models: Array<{ id: string; name: string; versions: Array<{ id: string; version: string }> }>;
  datasets: Array<{ id: string; name: string }>;
  plugins: Array<{ name: string }>;
};

export type ModelsQueryVariables = Exact<{ [key: string]: never }>;

export type ModelsQuery = {
  models: Array<{
    id: string;
    name: string;
    description: string;
    createdAt: string;
    versions: Array<{
      id: string;
      version: string;
      format: ModelFormat;
      createdAt: string;
      accuracy: number | null;
      sizeBytes: number;
      classNames: Array<string>;
      inputSpec: { height: number; width: number; channels: number };
    }>;
  }>;
};

export type ModelDetailQueryVariables = Exact<{
  id: string;
}>;

export type ModelDetailQuery = {
  model: {
    id: string;
    name: string;
    description: string;
    createdAt: string;
    versions: Array<{
      id: string;
      version: string;
      format: ModelFormat;
      createdAt: string;
      accuracy: number | null;
      sizeBytes: number;
      sha256: string;
      classNames: Array<string>;
      lastConvLayer: string | null;
      metadata: unknown;
      inputSpec: {
        height: number;
        width: number;
        channels: number;
        channelOrder: string;
        preprocess: unknown;
        resize: string;
      };
      layers: Array<{
        name: string;
        className: string;
        kind: string;
        outputShape: Array<number | null> | null;
        spatial: boolean;
        activation: string | null;
        params: number;
      }>;
    }>;
  } | null;
};

export type NewRunOptionsQueryVariables = Exact<{ [key: string]: never }>;

export type NewRunOptionsQuery = {
  models: Array<{
    id: string;
    name: string;
    versions: Array<{
      id: string;
      version: string;
      classNames: Array<string>;
      inputSpec: { height: number; width: number };
    }>;
  }>;
  datasets: Array<{ id: string; name: string; size: number }>;
  plugins: Array<{
    id: string;
    name: string;
    version: string;
    title: string;
    description: string;
    paramsSchema: unknown;
    output: { kind: string; signed: boolean };
    requires: { background: boolean };
  }>;
};

export type AddImagesMutationVariables = Exact<{
  input: AddImagesInput;
}>;

export type AddImagesMutation = {
  addImages: {
    images: Array<{
      id: string;
      url: string;
      filename: string | null;
      label: string | null;
      width: number;
      height: number;
    }> | null;
    dataset: { id: string; name: string; size: number } | null;
    error: { code: string; message: string } | null;
  };
};

export type PluginsQueryVariables = Exact<{ [key: string]: never }>;

export type PluginsQuery = {
  plugins: Array<{
    id: string;
    name: string;
    version: string;
    title: string;
    description: string;
    paramsSchema: unknown;
    reference: { title: string; url: string } | null;
    requires: {
      gradients: boolean;
      spatialLayer: boolean;
      background: boolean;
      guidedRelu: boolean;
    };
    output: { kind: string; signed: boolean };
  }>;
};

export type RunsQueryVariables = Exact<{
  filter?: RunFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type RunsQuery = {
  runs: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      cursor: string;
      node: {
        startedAt: string | null;
        finishedAt: string | null;
        durationMs: number | null;
        id: string;
        status: RunStatus;
        createdAt: string;
        imageCount: number;
        modelVersion: { id: string; version: string; model: { id: string; name: string } };
        methods: Array<{ id: string; name: string }>;
        progress: { done: number; total: number; fraction: number };
        failure: { code: string; message: string } | null;
      };
    }>;
  };
};

export type RunFilterOptionsQueryVariables = Exact<{ [key: string]: never }>;

export type RunFilterOptionsQuery = {
  models: Array<{ id: string; name: string }>;
  plugins: Array<{ id: string; name: string; title: string }>;
};

export type RunDetailQueryVariables = Exact<{
  id: string;
}>;

export type RunDetailQuery = {
  run: {
    startedAt: string | null;
    finishedAt: string | null;
    durationMs: number | null;
    seed: number;
    batchSize: number | null;
    targets: unknown;
    deviceClass: DeviceClass;
    priority: number;
    attempt: number;
    id: string;
    status: RunStatus;
    createdAt: string;
    imageCount: number;
    modelVersion: {
      id: string;
      version: string;
      classNames: Array<string>;
      model: { id: string; name: string };
    };
    methods: Array<{
      id: string;
      name: string;
      version: string;
      params: unknown;
      plugin: { title: string; output: { kind: string; signed: boolean } } | null;
    }>;
    images: Array<{
      id: string;
      url: string;
      filename: string | null;
      label: string | null;
      width: number;
      height: number;
    }>;
    worker: { id: string; hostname: string; backend: string } | null;
    background: { id: string; name: string } | null;
    progress: { done: number; total: number; fraction: number };
    failure: { code: string; message: string } | null;
  } | null;
  metricCatalog: Array<{
    name: string;
    title: string;
    description: string;
    higherIsBetter: boolean;
    pairwise: boolean;
  }>;
};

export type RunExplanationsQueryVariables = Exact<{
  id: string;
  first: number;
  after?: string | null | undefined;
}>;

export type RunExplanationsQuery = {
  run: {
    id: string;
    explanations: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{
        node: {
          id: string;
          overlayUrl: string;
          heatmapUrl: string;
          extras: unknown;
          metrics: unknown;
          durationMs: number;
          backend: string;
          device: string;
          image: { id: string };
          method: { id: string };
          target: { index: number; label: string; probability: number; rank: number };
          predictions: Array<{ index: number; label: string; probability: number }>;
          attribution: {
            shape: Array<number>;
            dtype: string;
            signed: boolean;
            min: number;
            max: number;
            npyUrl: string;
          };
        };
      }>;
    };
  } | null;
};

export type CancelRunMutationVariables = Exact<{
  id: string;
}>;

export type CancelRunMutation = {
  cancelRun: {
    run: { id: string; status: RunStatus } | null;
    error: { code: string; message: string } | null;
  };
};

export type RetryRunMutationVariables = Exact<{
  id: string;
}>;

export type RetryRunMutation = {
  retryRun: {
    run: { id: string; status: RunStatus } | null;
    error: { code: string; message: string } | null;
  };
};

export type MetricCatalogQueryVariables = Exact<{ [key: string]: never }>;

export type MetricCatalogQuery = {
  metricCatalog: Array<{
    name: string;
    title: string;
    description: string;
    higherIsBetter: boolean;
    pairwise: boolean;
  }>;
};

export type RunProgressFieldsFragment = {
  id: string;
  status: RunStatus;
  createdAt: string;
  imageCount: number;
  progress: { done: number; total: number; fraction: number };
  failure: { code: string; message: string } | null;
};

export type CreateRunMutationVariables = Exact<{
  input: CreateRunInput;
}>;

export type CreateRunMutation = {
  createRun: {
    created: boolean;
    run: { id: string } | null;
    error: { code: string; message: string; path: Array<string> | null } | null;
  };
};

export type WorkersQueryVariables = Exact<{
  includeStopped?: boolean | null | undefined;
}>;

export type WorkersQuery = {
  workers: Array<{
    id: string;
    hostname: string;
    pid: number;
    deviceClass: DeviceClass;
    backend: string;
    memoryBytes: number;
    capabilities: unknown;
    startedAt: string;
    heartbeatAt: string;
    stoppedAt: string | null;
    alive: boolean;
    currentRun: {
      id: string;
      status: RunStatus;
      progress: { done: number; total: number; fraction: number };
    } | null;
  }>;
  queue: Array<{ deviceClass: DeviceClass; queued: number; active: number }>;
};

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PairSideFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment PairSideFields on Explanation {
  id
  target {
    label
    probability
  }
  attribution {
    shape
    signed
    npyUrl
  }
  metrics
}
    `,
  { fragmentName: 'PairSideFields' },
) as unknown as TypedDocumentString<PairSideFieldsFragment, unknown>;
export const RunProgressFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment RunProgressFields on Run {
  id
  status
  createdAt
  imageCount
  progress {
    done
    total
    fraction
  }
  failure {
    code
    message
  }
}
    `,
  { fragmentName: 'RunProgressFields' },
) as unknown as TypedDocumentString<RunProgressFieldsFragment, unknown>;
export const CompareOptionsDocument = new TypedDocumentString(`
    query CompareOptions {
  models {
    id
    name
    versions {
      id
      version
      createdAt
    }
  }
  datasets {
    id
    name
    size
  }
  plugins {
    id
    name
    title
    output {
      signed
    }
  }
  metricCatalog {
    name
    title
    description
    higherIsBetter
    pairwise
  }
}
    `) as unknown as TypedDocumentString<CompareOptionsQuery, CompareOptionsQueryVariables>;
export const ComparisonDocument = new TypedDocumentString(`
    query Comparison($a: ID!, $b: ID!, $method: String!, $datasetId: ID, $imageIds: [ID!]) {
  compare(
    modelVersionA: $a
    modelVersionB: $b
    method: $method
    datasetId: $datasetId
    imageIds: $imageIds
  ) {
    method
    summary
    missing
    modelVersionA {
      id
      version
      model {
        id
        name
      }
    }
    modelVersionB {
      id
      version
      model {
        id
        name
      }
    }
    metrics {
      name
      description
      higherIsBetter
      meanA
      meanB
      delta
      count
    }
    pairs {
      image {
        id
        url
        filename
        label
      }
      a {
        ...PairSideFields
      }
      b {
        ...PairSideFields
      }
      agreement {
        rankCorrelation
        topKOverlap
        topKFraction
      }
      metricDeltas
    }
  }
}
    fragment PairSideFields on Explanation {
  id
  target {
    label
    probability
  }
  attribution {
    shape
    signed
    npyUrl
  }
  metrics
}`) as unknown as TypedDocumentString<ComparisonQuery, ComparisonQueryVariables>;
export const ComparisonRunsDocument = new TypedDocumentString(`
    query ComparisonRuns($a: ID!, $b: ID!, $method: String!) {
  runsA: runs(filter: {modelVersionId: $a, method: $method}, first: 5) {
    edges {
      node {
        ...RunProgressFields
      }
    }
  }
  runsB: runs(filter: {modelVersionId: $b, method: $method}, first: 5) {
    edges {
      node {
        ...RunProgressFields
      }
    }
  }
}
    fragment RunProgressFields on Run {
  id
  status
  createdAt
  imageCount
  progress {
    done
    total
    fraction
  }
  failure {
    code
    message
  }
}`) as unknown as TypedDocumentString<ComparisonRunsQuery, ComparisonRunsQueryVariables>;
export const DatasetImagesDocument = new TypedDocumentString(`
    query DatasetImages($id: ID!, $first: Int!, $after: String) {
  dataset(id: $id) {
    id
    name
    size
    images(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          url
          filename
          label
          width
          height
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DatasetImagesQuery, DatasetImagesQueryVariables>;
export const LandingDocument = new TypedDocumentString(`
    query Landing {
  models {
    id
    name
    versions {
      id
      version
    }
  }
  datasets {
    id
    name
  }
  plugins {
    name
  }
}
    `) as unknown as TypedDocumentString<LandingQuery, LandingQueryVariables>;
export const ModelsDocument = new TypedDocumentString(`
    query Models {
  models {
    id
    name
    description
    createdAt
    versions {
      id
      version
      format
      createdAt
      accuracy
      sizeBytes
      classNames
      inputSpec {
        height
        width
        channels
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ModelsQuery, ModelsQueryVariables>;
export const ModelDetailDocument = new TypedDocumentString(`
    query ModelDetail($id: ID!) {
  model(id: $id) {
    id
    name
    description
    createdAt
    versions {
      id
      version
      format
      createdAt
      accuracy
      sizeBytes
      sha256
      classNames
      lastConvLayer
      metadata
      inputSpec {
        height
        width
        channels
        channelOrder
        preprocess
        resize
      }
      layers {
        name
        className
        kind
        outputShape
        spatial
        activation
        params
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ModelDetailQuery, ModelDetailQueryVariables>;
export const NewRunOptionsDocument = new TypedDocumentString(`
    query NewRunOptions {
  models {
    id
    name
    versions {
      id
      version
      classNames
      inputSpec {
        height
        width
      }
    }
  }
  datasets {
    id
    name
    size
  }
  plugins {
    id
    name
    version
    title
    description
    paramsSchema
    output {
      kind
      signed
    }
    requires {
      background
    }
  }
}
    `) as unknown as TypedDocumentString<NewRunOptionsQuery, NewRunOptionsQueryVariables>;
export const AddImagesDocument = new TypedDocumentString(`
    mutation AddImages($input: AddImagesInput!) {
  addImages(input: $input) {
    images {
      id
      url
      filename
      label
      width
      height
    }
    dataset {
      id
      name
      size
    }
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AddImagesMutation, AddImagesMutationVariables>;
export const PluginsDocument = new TypedDocumentString(`
    query Plugins {
  plugins {
    id
    name
    version
    title
    description
    reference {
      title
      url
    }
    paramsSchema
    requires {
      gradients
      spatialLayer
      background
      guidedRelu
    }
    output {
      kind
      signed
    }
  }
}
    `) as unknown as TypedDocumentString<PluginsQuery, PluginsQueryVariables>;
export const RunsDocument = new TypedDocumentString(`
    query Runs($filter: RunFilter, $first: Int, $after: String) {
  runs(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...RunProgressFields
        startedAt
        finishedAt
        durationMs
        modelVersion {
          id
          version
          model {
            id
            name
          }
        }
        methods {
          id
          name
        }
      }
    }
  }
}
    fragment RunProgressFields on Run {
  id
  status
  createdAt
  imageCount
  progress {
    done
    total
    fraction
  }
  failure {
    code
    message
  }
}`) as unknown as TypedDocumentString<RunsQuery, RunsQueryVariables>;
export const RunFilterOptionsDocument = new TypedDocumentString(`
    query RunFilterOptions {
  models {
    id
    name
  }
  plugins {
    id
    name
    title
  }
}
    `) as unknown as TypedDocumentString<RunFilterOptionsQuery, RunFilterOptionsQueryVariables>;
export const RunDetailDocument = new TypedDocumentString(`
    query RunDetail($id: ID!) {
  run(id: $id) {
    ...RunProgressFields
    startedAt
    finishedAt
    durationMs
    seed
    batchSize
    targets
    deviceClass
    priority
    attempt
    modelVersion {
      id
      version
      classNames
      model {
        id
        name
      }
    }
    methods {
      id
      name
      version
      params
      plugin {
        title
        output {
          kind
          signed
        }
      }
    }
    images {
      id
      url
      filename
      label
      width
      height
    }
    worker {
      id
      hostname
      backend
    }
    background {
      id
      name
    }
  }
  metricCatalog {
    name
    title
    description
    higherIsBetter
    pairwise
  }
}
    fragment RunProgressFields on Run {
  id
  status
  createdAt
  imageCount
  progress {
    done
    total
    fraction
  }
  failure {
    code
    message
  }
}`) as unknown as TypedDocumentString<RunDetailQuery, RunDetailQueryVariables>;
export const RunExplanationsDocument = new TypedDocumentString(`
    query RunExplanations($id: ID!, $first: Int!, $after: String) {
  run(id: $id) {
    id
    explanations(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          image {
            id
          }
          method {
            id
          }
          target {
            index
            label
            probability
            rank
          }
          predictions {
            index
            label
            probability
          }
          attribution {
            shape
            dtype
            signed
            min
            max
            npyUrl
          }
          overlayUrl
          heatmapUrl
          extras
          metrics
          durationMs
          backend
          device
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RunExplanationsQuery, RunExplanationsQueryVariables>;
export const CancelRunDocument = new TypedDocumentString(`
    mutation CancelRun($id: ID!) {
  cancelRun(id: $id) {
    run {
      id
      status
    }
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CancelRunMutation, CancelRunMutationVariables>;
export const RetryRunDocument = new TypedDocumentString(`
    mutation RetryRun($id: ID!) {
  retryRun(id: $id) {
    run {
      id
      status
    }
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RetryRunMutation, RetryRunMutationVariables>;
export const MetricCatalogDocument = new TypedDocumentString(`
    query MetricCatalog {
  metricCatalog {
    name
    title
    description
    higherIsBetter
    pairwise
  }
}
    `) as unknown as TypedDocumentString<MetricCatalogQuery, MetricCatalogQueryVariables>;
export const CreateRunDocument = new TypedDocumentString(`
    mutation CreateRun($input: CreateRunInput!) {
  createRun(input: $input) {
    created
    run {
      id
    }
    error {
      code
      message
      path
    }
  }
}
    `) as unknown as TypedDocumentString<CreateRunMutation, CreateRunMutationVariables>;
export const WorkersDocument = new TypedDocumentString(`
    query Workers($includeStopped: Boolean) {
  workers(includeStopped: $includeStopped) {
    id
    hostname
    pid
    deviceClass
    backend
    memoryBytes
    capabilities
    startedAt
    heartbeatAt
    stoppedAt
    alive
    currentRun {
      id
      status
      progress {
        done
        total
        fraction
      }
    }
  }
  queue {
    deviceClass
    queued
    active
  }
}
    `) as unknown as TypedDocumentString<WorkersQuery, WorkersQueryVariables>;
