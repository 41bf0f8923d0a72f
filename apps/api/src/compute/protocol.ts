/**
 * Messages between a process's main thread (database, queue, HTTP) and its compute thread
 * (TensorFlow.js). TF.js blocks the thread it runs on, so it gets one of its own: the main
 * thread keeps answering heartbeats and cancellations while an explanation runs.
 */

export interface ArtifactFile {
  path: string;
  bytes: Uint8Array;
}

/** What the main thread knows about a model version from the database. */
export interface ModelSource {
  versionId: string;
  name: string;
  version: string;
  files: ArtifactFile[];
  /** Overrides applied on top of the sidecar (from createModelVersion's input). */
  inputSpec?: Record<string, unknown>;
  classNames?: string[];
  output?: 'probabilities' | 'logits';
}

export interface ModelDescriptionMessage {
  format: 'layers' | 'graph';
  inputSpec: Record<string, unknown>;
  classNames: string[];
  rawOutput: 'probabilities' | 'logits';
  hasLogits: boolean;
  supportsGuidedRelu: boolean;
  layers: unknown[];
  lastConvLayer: string | null;
  metadata: Record<string, unknown>;
}

export interface ExplainItemRequest {
  model: { versionId: string };
  image: { id: string; bytes: Uint8Array };
  /** Ground-truth masks (PNG) by kind, for the localisation metrics. */
  masks: Record<string, Uint8Array>;
  method: { name: string; params: Record<string, unknown> };
  targets: unknown;
  seed: number;
  batchSize?: number;
  background?: Uint8Array[];
}

export interface ExplainedArray {
  key: string;
  dtype: 'float32' | 'int32' | 'uint8' | 'float64';
  shape: number[];
  bytes: Uint8Array;
}

export interface ExplainedTargetMessage {
  target: { index: number; label: string; probability: number; rank: number };
  attribution: { bytes: Uint8Array; shape: number[]; dtype: 'float32'; signed: boolean; min: number; max: number };
  overlayPng: Uint8Array;
  heatmapPng: Uint8Array;
  extras: Record<string, unknown>;
  arrays: ExplainedArray[];
  metrics: Record<string, number | null>;
}

export interface ExplainItemResult {
  predictions: { index: number; label: string; probability: number }[];
  targets: ExplainedTargetMessage[];
  durationMs: number;
  backend: string;
  device: 'cpu' | 'gpu';
}

export type ComputeRequest =
  | { id: number; kind: 'init' }
  | { id: number; kind: 'hasModel'; versionId: string }
  | { id: number; kind: 'loadModel'; source: ModelSource }
  | { id: number; kind: 'inspectModel'; source: ModelSource }
  | { id: number; kind: 'explain'; request: ExplainItemRequest }
  | { id: number; kind: 'abort'; target: number; reason: string };

export type ComputeResponse =
  | { id: number; kind: 'result'; value: unknown }
  | { id: number; kind: 'error'; error: { code: string; message: string; details?: Record<string, unknown> } }
  | { id: number; kind: 'progress'; fraction: number; stage?: string };

export interface BackendReport {
  name: string;
  device: 'cpu' | 'gpu';
  package: string;
  version: string;
  plugins: string[];
}
