/**
 * @lumen/core: the explainer plugin contract and everything explainers share.
 * Plugins import from here only (including `tf` and `z`), exactly as an outside team would.
 */
export { tf, tfl, tfconv } from './tf.ts';
export { z } from 'zod';

// Errors
export { ERROR_CODES, LumenError, isLumenError, messageOf, type LumenErrorCode, type LumenErrorOptions } from './errors.ts';

// The plugin contract
export { takeMap, type AttributionMap, type Map2D } from './contract/attribution.ts';
export type {
  AnyExplainer,
  BatchOptions,
  ExplainContext,
  ExplainInput,
  Explainer,
  ExplainerCost,
  ExplainerOutput,
  ExplainerRequirements,
  ExplainerSpec,
  ParamsSchema,
  PredictOptions,
  ProgressOptions,
  TargetAttribution,
} from './contract/explainer.ts';
export { defineExplainer, validateExplainer, isExplainerLike, EXPLAINER_NAME_PATTERN } from './contract/define-explainer.ts';
export { validateParams, paramsJsonSchema, type ParamIssue } from './contract/params.ts';
export { ExplainerRegistry, defaultRegistry, type ExplainerSummary } from './contract/registry.ts';
export {
  CONFIG_FILE,
  lumenConfigSchema,
  loadPluginModule,
  loadPluginsFromConfig,
  readLumenConfig,
  type LumenConfig,
} from './contract/plugin-loader.ts';
export {
  runExplainer,
  DEFAULT_BATCH_SIZE,
  type ExplainPhase,
  type ExplainedTarget,
  type Explanation,
  type ProgressEvent,
  type RunExplainerOptions,
} from './contract/run-explainer.ts';
export { consoleLogger, childLogger, silentLogger, type Logger, type LogFields } from './contract/logger.ts';
export { splitExtras, type ExtrasArray } from './contract/extras.ts';

// Models
export type {
  ClassifierModel,
  LayerInfo,
  LayerKind,
  ModelDescription,
  ModelIdentity,
  ModelRunOptions,
  ModelRunResult,
  OutputKind,
} from './model/classifier-model.ts';
export {
  inputSpecSchema,
  modelSidecarSchema,
  preprocessSchema,
  SIDECAR_FILE,
  type InputSpec,
  type ModelSidecar,
  type ModelSidecarInput,
  type Preprocess,
} from './model/input-spec.ts';
export { loadModel, readLabelsFile, DEFAULT_MODEL_LIMITS, type LoadModelOptions, type ModelLimits } from './model/load-model.ts';
export { parseModelJson, type ModelFormat } from './model/model-json.ts';
export { preprocessImages } from './model/preprocess.ts';
export { resolveTargets, topK, rankClasses, type Target, type TargetSpec } from './model/targets.ts';
export { targetGradients, type TargetGradientOptions, type TargetGradients } from './model/gradients.ts';
export { resolveSpatialLayer, closestNames, findLayer, findLastConvLayer } from './model/layer-search.ts';
export { modelFacade, type ModelFacts } from './model/model-facade.ts';
export { guidedRelu, guidedRelu6 } from './model/guided-relu.ts';

// Randomness
export { createRandom, type Random } from './random/random.ts';

// Backends
export * from './backend/index.ts';

// Images and rendering
export * from './image/index.ts';
export * from './render/index.ts';
export * from './tensor/index.ts';
export * from './segmentation/index.ts';
export * from './masking/index.ts';
export * from './metrics/index.ts';
export * from './perturbation/index.ts';
