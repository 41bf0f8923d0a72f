import { LumenError } from '../errors.ts';
import { tf, type tfconv } from '../tf.ts';
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
import { findLastConvLayer, findLayer } from './layer-search.ts';
import { preprocessImages } from './preprocess.ts';

/** A node of a converted TensorFlow graph, as model.json stores it. */
export interface GraphNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { list?: { s?: string[] }; s?: string } | undefined>;
}

const KIND_BY_OP: Record<string, LayerKind> = {
  Conv2D: 'conv',
  _FusedConv2D: 'conv',
  Conv2DBackpropInput: 'conv',
  DepthwiseConv2dNative: 'depthwise-conv',
  FusedDepthwiseConv2dNative: 'depthwise-conv',
  MatMul: 'dense',
  _FusedMatMul: 'dense',
  MaxPool: 'pool',
  AvgPool: 'pool',
  Mean: 'global-pool',
  FusedBatchNorm: 'norm',
  FusedBatchNormV3: 'norm',
  Relu: 'activation',
  Relu6: 'activation',
  Elu: 'activation',
  Sigmoid: 'activation',
  Softmax: 'activation',
  LeakyRelu: 'activation',
  Add: 'merge',
  AddV2: 'merge',
  ConcatV2: 'merge',
  Reshape: 'reshape',
  Pad: 'reshape',
  Squeeze: 'reshape',
  BiasAdd: 'other',
};
const NOT_A_LAYER = new Set(['Const', 'Placeholder', 'Identity', 'NoOp', 'IdentityN']);
const FUSED_OPS = new Set(['_FusedConv2D', 'FusedDepthwiseConv2dNative', '_FusedMatMul']);

function decodeAttrString(value: string): string {
  return Buffer.from(value, 'base64').toString('utf8');
}

function fusedActivation(node: GraphNodeDef): string | undefined {
  const ops = node.attr?.['fused_ops']?.list?.s ?? [];
  return ops.map(decodeAttrString).find((op) => op !== 'BiasAdd' && op !== 'FusedBatchNorm');
}

/** GraphModel.execute returns a bare tensor when asked for one output. */
const asList = (value: tf.Tensor | tf.Tensor[]): tf.Tensor[] => (Array.isArray(value) ? value : [value]);

const nodeName = (input: string): string => input.replace(/^\^/, '').replace(/:\d+$/, '');

export class GraphClassifier implements ClassifierModel {
  readonly format = 'graph' as const;
  readonly numClasses: number;
  readonly hasLogits: boolean;
  readonly supportsGuidedRelu: boolean;
  private readonly inputName: string;
  private readonly outputName: string;
  private readonly logitsName: string | undefined;
  private readonly layerNodes: GraphNodeDef[];
  private layerInfos: LayerInfo[] | undefined;
  private disposed = false;

  readonly identity: ModelIdentity;
  readonly inputSpec: InputSpec;
  readonly classNames: readonly string[];
  readonly rawOutput: OutputKind;
  readonly metadata: Readonly<Record<string, unknown>>;
  private readonly model: tfconv.GraphModel;

  constructor(model: tfconv.GraphModel, nodes: GraphNodeDef[], description: ModelDescription) {
    this.model = model;
    this.identity = description.identity;
    this.inputSpec = description.inputSpec;
    this.classNames = description.classNames;
    this.rawOutput = description.rawOutput;
    this.metadata = description.metadata;
    const rawOutput = this.rawOutput;
    const classNames = this.classNames;
    const input = model.inputs[0];
    const output = model.outputs[0];
    if (model.inputs.length !== 1 || model.outputs.length !== 1 || !input || !output) {
      throw new LumenError(
        'MODEL_UNSUPPORTED',
        `a classifier graph must have one input and one output; this one has ${model.inputs.length} and ${model.outputs.length}`,
      );
    }
    this.inputName = nodeName(input.name);
    this.outputName = nodeName(output.name);
    const byName = new Map(nodes.map((node) => [node.name, node]));
    const outputNode = byName.get(this.outputName);
    this.logitsName =
      outputNode?.op === 'Softmax' && outputNode.input?.[0] ? nodeName(outputNode.input[0]) : undefined;
    this.hasLogits = rawOutput === 'logits' || this.logitsName !== undefined;
    this.numClasses = output.shape?.[output.shape.length - 1] ?? classNames.length;
    this.layerNodes = nodes.filter((node) => !NOT_A_LAYER.has(node.op));
    this.supportsGuidedRelu = !this.layerNodes.some((node) => {
      const act = FUSED_OPS.has(node.op) ? fusedActivation(node) : undefined;
      return act !== undefined && /relu/i.test(act);
    });
  }

  /** Output shapes of graph nodes are only known by running it once, so layers() does that lazily. */
  layers(): LayerInfo[] {
    if (!this.layerInfos) {
      const names = this.layerNodes.map((node) => node.name);
      const outputs = tf.tidy(() => {
        const zeros = tf.zeros([1, this.inputSpec.height, this.inputSpec.width, 3]) as tf.Tensor4D;
        return asList(this.model.execute({ [this.inputName]: this.preprocess(zeros) }, names));
      });
      const shapes = outputs.map((t): (number | null)[] => [null, ...t.shape.slice(1)]);
      tf.dispose(outputs);
      this.layerInfos = this.layerNodes.map((node, i) => {
        const shape = shapes[i] ?? null;
        const activation = FUSED_OPS.has(node.op) ? fusedActivation(node)?.toLowerCase() : undefined;
        return {
          name: node.name,
          className: node.op,
          kind: KIND_BY_OP[node.op] ?? 'other',
          outputShape: shape,
          spatial: shape !== null && shape.length === 4 && (shape[1] ?? 0) > 1 && (shape[2] ?? 0) > 1,
          ...(activation ? { activation } : {}),
          params: 0,
        };
      });
    }
    return this.layerInfos.slice();
  }

  layer(name: string): LayerInfo {
    return findLayer(this.layers(), name);
  }

  lastConvLayer(): LayerInfo {
    return findLastConvLayer(this.layers());
  }

  preprocess(images: tf.Tensor4D): tf.Tensor4D {
    return preprocessImages(images, this.inputSpec);
  }

  run(images: tf.Tensor4D, options: ModelRunOptions = {}): ModelRunResult {
    if (this.disposed) throw new Error(`model '${this.identity.name}' has been disposed`);
    const capture = [...new Set(options.capture ?? [])];
    const feed = options.feed ?? {};
    for (const name of [...capture, ...Object.keys(feed)]) this.layer(name);
    const wantLogits = options.output === 'logits';
    if (wantLogits && !this.hasLogits) {
      throw new LumenError('REQUIREMENT_UNMET', `graph '${this.identity.name}' has no Softmax output node to remove; logits are unavailable`);
    }
    if (options.relu === 'guided' && !this.supportsGuidedRelu) {
      throw new LumenError(
        'REQUIREMENT_UNMET',
        `graph '${this.identity.name}' has ReLUs fused into convolutions (_FusedConv2D), whose gradient cannot follow the guided rule; export the model as a TF.js LayersModel for guided backpropagation`,
      );
    }
    const head = wantLogits && this.rawOutput === 'probabilities' ? (this.logitsName as string) : this.outputName;
    const execute = (): ModelRunResult =>
      tf.tidy(() => {
        const outputs = asList(
          this.model.execute({ ...feed, [this.inputName]: this.preprocess(images) }, [head, ...capture]),
        );
        let output = outputs[0] as tf.Tensor2D;
        if (!wantLogits && this.rawOutput === 'logits') output = tf.softmax(output);
        const captured = Object.fromEntries(capture.map((name, i) => [name, outputs[i + 1] as tf.Tensor]));
        return { output, captured };
      });
    return options.relu === 'guided' ? withGuidedReluGradients(execute) : execute();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }
}

/**
 * The tape looks up a kernel's gradient when the op runs, so swapping the registered
 * Relu/Relu6 gradients for the guided rule during a synchronous forward pass is scoped to it.
 */
function withGuidedReluGradients<T>(fn: () => T): T {
  const saved = ['Relu', 'Relu6'].map((kernelName) => tf.getGradient(kernelName));
  const guided = (kernelName: string, cap: number | null): tf.GradConfig => ({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, savedTensors) => {
      const [x] = savedTensors as [tf.Tensor];
      const d = dy as tf.Tensor;
      let pass = tf.logicalAnd(tf.greater(d, 0), tf.greater(x, 0));
      if (cap !== null) pass = tf.logicalAnd(pass, tf.less(x, cap));
      return { x: () => tf.mul(d, tf.cast(pass, 'float32')) };
    },
  });
  const swap = (configs: (tf.GradConfig | undefined)[]): void => {
    for (const config of configs) if (config) tf.registerGradient(config);
  };
  swap([guided('Relu', null), guided('Relu6', 6)]);
  try {
    return fn();
  } finally {
    swap(saved);
  }
}
