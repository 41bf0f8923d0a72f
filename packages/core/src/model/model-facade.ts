import { LumenError } from '../errors.ts';
import type { ClassifierModel, LayerInfo, ModelIdentity, OutputKind } from './classifier-model.ts';
import type { InputSpec } from './input-spec.ts';
import { findLastConvLayer, findLayer } from './layer-search.ts';
import type { ModelFormat } from './model-json.ts';

export interface ModelFacts {
  identity: ModelIdentity;
  format: ModelFormat;
  inputSpec: InputSpec;
  classNames: readonly string[];
  rawOutput: OutputKind;
  hasLogits: boolean;
  supportsGuidedRelu: boolean;
  layers: readonly LayerInfo[];
  metadata?: Readonly<Record<string, unknown>>;
}

/**
 * A ClassifierModel made of stored facts only (layers, input spec, classes), for checking a
 * run's params against a model (`explainer.check`) without loading its weights. Anything that
 * needs the network throws.
 */
export function modelFacade(facts: ModelFacts): ClassifierModel {
  const notLoaded = (): never => {
    throw new LumenError('REQUIREMENT_UNMET', `model '${facts.identity.name}' is described, not loaded; load it to run it`);
  };
  return {
    identity: facts.identity,
    format: facts.format,
    inputSpec: facts.inputSpec,
    classNames: facts.classNames,
    numClasses: facts.classNames.length,
    rawOutput: facts.rawOutput,
    hasLogits: facts.hasLogits,
    supportsGuidedRelu: facts.supportsGuidedRelu,
    metadata: facts.metadata ?? {},
    layers: () => facts.layers.slice(),
    layer: (name) => findLayer(facts.layers, name),
    lastConvLayer: () => findLastConvLayer(facts.layers),
    preprocess: notLoaded,
    run: notLoaded,
    dispose: () => undefined,
  };
}
