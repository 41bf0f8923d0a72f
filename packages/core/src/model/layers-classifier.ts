import { LumenError } from '../errors.ts';
import type { tfl } from '../tf.ts';
import { tf } from '../tf.ts';
import type {
  ClassifierModel,
  LayerInfo,
  LayerKind,
  ModelDescription,
  ModelIdentity,
  ModelRunOptions,
  ModelRunResult,
  OutputKind,
} from './classifier-model.ts';
import type { InputSpec } from './input-spec.ts';
import { executeLayers, LayersTopology, type LayerLike, type ModelLike } from './layers-executor.ts';
import { findLastConvLayer, findLayer } from './layer-search.ts';
import { preprocessImages } from './preprocess.ts';

const KIND_BY_CLASS: Record<string, LayerKind> = {
  InputLayer: 'input',
  Conv1D: 'conv',
  Conv2D: 'conv',
  Conv3D: 'conv',
  Conv2DTranspose: 'conv',
  SeparableConv2D: 'conv',
  DepthwiseConv2D: 'depthwise-conv',
  Dense: 'dense',
  MaxPooling2D: 'pool',
  AveragePooling2D: 'pool',
  GlobalAveragePooling2D: 'global-pool',
  GlobalMaxPooling2D: 'global-pool',
  BatchNormalization: 'norm',
  LayerNormalization: 'norm',
  Activation: 'activation',
  ReLU: 'activation',
  LeakyReLU: 'activation',
  Softmax: 'activation',
  ELU: 'activation',
  Add: 'merge',
  Concatenate: 'merge',
  Multiply: 'merge',
  Average: 'merge',
  Flatten: 'reshape',
  Reshape: 'reshape',
  ZeroPadding2D: 'reshape',
  Cropping2D: 'reshape',
};

function describeLayer(layer: LayerLike, shape: (number | null)[]): LayerInfo {
  const className = layer.getClassName();
  const activation = layer.activation?.getClassName();
  const spatial = shape.length === 4 && (shape[1] ?? 2) > 1 && (shape[2] ?? 2) > 1;
  return {
    name: layer.name,
    className,
    kind: KIND_BY_CLASS[className] ?? 'other',
    outputShape: shape,
    spatial,
    ...(activation && activation !== 'linear' ? { activation } : {}),
    params: layer.countParams(),
  };
}

export class LayersClassifier implements ClassifierModel {
  readonly format = 'layers' as const;
  readonly numClasses: number;
  readonly hasLogits: boolean;
  readonly supportsGuidedRelu = true;
  private readonly topology: LayersTopology;
  private readonly layerInfos: LayerInfo[];
  private disposed = false;

  readonly identity: ModelIdentity;
  readonly inputSpec: InputSpec;
  readonly classNames: readonly string[];
  readonly rawOutput: OutputKind;
  readonly metadata: Readonly<Record<string, unknown>>;
  private readonly model: tfl.LayersModel;

  constructor(model: tfl.LayersModel, description: ModelDescription) {
    this.model = model;
    this.identity = description.identity;
    this.inputSpec = description.inputSpec;
    this.classNames = description.classNames;
    this.rawOutput = description.rawOutput;
    this.metadata = description.metadata;
    const asModel = model as unknown as ModelLike;
    this.topology = new LayersTopology(asModel);
    this.layerInfos = this.topology.entries.map((entry) => describeLayer(entry.layer, entry.output.shape));
    const outputShape = asModel.outputs[0]?.shape ?? [];
    this.numClasses = outputShape[outputShape.length - 1] ?? 0;
    const finalLayer = this.topology.finalLayer();
    const finalActivation = finalLayer.activation?.getClassName().toLowerCase();
    this.hasLogits =
      this.rawOutput === 'logits' || finalActivation === 'softmax' || finalLayer.getClassName() === 'Softmax';
  }

  layers(): LayerInfo[] {
    return this.layerInfos.slice();
  }

  layer(name: string): LayerInfo {
    return findLayer(this.layerInfos, name);
  }

  lastConvLayer(): LayerInfo {
    return findLastConvLayer(this.layerInfos);
  }

  preprocess(images: tf.Tensor4D): tf.Tensor4D {
    return preprocessImages(images, this.inputSpec);
  }

  run(images: tf.Tensor4D, options: ModelRunOptions = {}): ModelRunResult {
    if (this.disposed) throw new Error(`model '${this.identity.name}' has been disposed`);
    const capture = new Set(options.capture ?? []);
    const feedEntries = Object.entries(options.feed ?? {});
    for (const name of [...capture, ...feedEntries.map(([name]) => name)]) this.layer(name);
    const wantLogits = options.output === 'logits';
    if (wantLogits && !this.hasLogits) {
      throw new LumenError(
        'REQUIREMENT_UNMET',
        `model '${this.identity.name}' ends in no softmax that can be removed, so its logits are unavailable; use output 'probabilities'`,
      );
    }
    const stripFinalSoftmax = wantLogits && this.rawOutput === 'probabilities';
    return tf.tidy(() => {
      const { outputs, captured } = executeLayers(
        this.model as unknown as ModelLike,
        this.topology,
        [this.preprocess(images)],
        {
          capture,
          feed: new Map(feedEntries),
          stripFinalSoftmax,
          guided: options.relu === 'guided',
        },
      );
      let output = outputs[0] as tf.Tensor2D;
      if (!wantLogits && this.rawOutput === 'logits') output = tf.softmax(output);
      return { output, captured: Object.fromEntries(captured) };
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}
