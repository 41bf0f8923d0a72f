import type { tf} from '../tf.ts';
import { tfl } from '../tf.ts';
import { guidedRelu, guidedReluCapped } from './guided-relu.ts';

/**
 * Runs a tfjs-layers model node by node, so that Lumen can do what `model.predict` cannot:
 * return any layer's output, replace a layer's output with a given tensor (gradients at an
 * intermediate layer, even with skip connections around it), remove the final softmax, and
 * swap every ReLU for guided backprop's. Nested models (a base network inside a Sequential)
 * are walked into, so their layers are reachable by name too.
 */

interface ActivationLike {
  getClassName(): string;
  apply(x: tf.Tensor): tf.Tensor;
}

export interface LayerLike {
  name: string;
  getClassName(): string;
  inboundNodes: NodeLike[];
  apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Record<string, unknown>): tf.Tensor | tf.Tensor[];
  activation?: ActivationLike;
  maxValue?: number | null;
  countParams(): number;
  getConfig(): Record<string, unknown>;
}

interface NodeLike {
  inputTensors: SymbolicLike[];
  outputTensors: SymbolicLike[];
  callArgs?: Record<string, unknown>;
}

export interface SymbolicLike {
  id: number;
  shape: (number | null)[];
  sourceLayer: LayerLike;
  nodeIndex: number;
  tensorIndex: number;
}

interface ModelLike extends LayerLike {
  inputs: SymbolicLike[];
  outputs: SymbolicLike[];
}

const LINEAR: ActivationLike = { getClassName: () => 'linear', apply: (x) => x };

export function isContainer(layer: LayerLike): layer is ModelLike {
  return layer instanceof tfl.LayersModel;
}

/** One entry per layer reachable from the outputs, in execution order. */
export interface TopologyEntry {
  layer: LayerLike;
  /** The symbolic output of the node this model uses. */
  output: SymbolicLike;
  /** The chain of container names leading to the layer (empty at top level). */
  parents: string[];
}

export class LayersTopology {
  readonly entries: TopologyEntry[] = [];
  private readonly byName = new Map<string, TopologyEntry>();

  private readonly model: ModelLike;

  constructor(model: ModelLike) {
    this.model = model;
    this.walk(model, []);
  }

  private walk(model: ModelLike, parents: string[]): void {
    const seen = new Set<number>();
    const visit = (symbolic: SymbolicLike): void => {
      if (seen.has(symbolic.id)) return;
      seen.add(symbolic.id);
      const layer = symbolic.sourceLayer;
      const node = layer.inboundNodes[symbolic.nodeIndex];
      for (const input of node?.inputTensors ?? []) visit(input);
      if (isContainer(layer)) {
        this.walk(layer, [...parents, layer.name]);
        return;
      }
      if (!this.byName.has(layer.name)) {
        const entry = { layer, output: node?.outputTensors[0] ?? symbolic, parents };
        this.entries.push(entry);
        this.byName.set(layer.name, entry);
      }
    };
    for (const output of model.outputs) visit(output);
  }

  get(name: string): TopologyEntry | undefined {
    return this.byName.get(name);
  }

  /** The layer that produces the model's (single) output, descending into nested models. */
  finalLayer(): LayerLike {
    let model: ModelLike = this.model;
    for (;;) {
      const output = model.outputs[0];
      if (!output) throw new Error('model has no outputs');
      const layer = output.sourceLayer;
      if (!isContainer(layer)) return layer;
      model = layer;
    }
  }
}

export interface ExecuteOptions {
  capture?: ReadonlySet<string>;
  feed?: ReadonlyMap<string, tf.Tensor>;
  stripFinalSoftmax?: boolean;
  guided?: boolean;
}

function activationName(layer: LayerLike): string | undefined {
  return layer.activation?.getClassName().toLowerCase();
}

function isSoftmaxLayer(layer: LayerLike): boolean {
  const cls = layer.getClassName();
  return cls === 'Softmax' || (cls === 'Activation' && activationName(layer) === 'softmax');
}

/** Calls one (non-container) layer on concrete tensors, honouring guided / softmax options. */
function callLayer(
  layer: LayerLike,
  inputs: tf.Tensor[],
  callArgs: Record<string, unknown> | undefined,
  options: { guided: boolean; stripSoftmax: boolean },
): tf.Tensor[] {
  const x = inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs;
  const kwargs: Record<string, unknown> = { ...(callArgs ?? {}), training: false };
  delete kwargs['mask'];

  if (options.stripSoftmax && isSoftmaxLayer(layer)) return [inputs[0] as tf.Tensor];
  const cls = layer.getClassName();
  if (options.guided && cls === 'ReLU') {
    const input = inputs[0] as tf.Tensor;
    const cap = layer.maxValue;
    return [cap == null ? guidedRelu(input) : guidedReluCapped(cap)(input)];
  }
  const act = activationName(layer);
  const swapSoftmax = options.stripSoftmax && act === 'softmax';
  const swapRelu = options.guided && (act === 'relu' || act === 'relu6');
  if (!swapSoftmax && !swapRelu) return toList(layer.apply(x, kwargs));

  const original = layer.activation as ActivationLike;
  layer.activation = LINEAR;
  try {
    const outputs = toList(layer.apply(x, kwargs));
    if (!swapRelu) return outputs;
    const rule = act === 'relu6' ? guidedReluCapped(6) : guidedRelu;
    return outputs.map((t) => rule(t));
  } finally {
    layer.activation = original;
  }
}

function toList(value: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * How many times each symbolic tensor is read by the nodes of `container` that can run when
 * evaluating `roots`: fed layers read nothing, and a node with several outputs runs once.
 */
function countReads(
  container: ModelLike,
  roots: readonly SymbolicLike[],
  feed: ReadonlyMap<string, tf.Tensor>,
): Map<number, number> {
  const reads = new Map<number, number>();
  const visited = new Set<NodeLike>();
  const inputIds = new Set(container.inputs.map((symbolic) => symbolic.id));
  const visit = (symbolic: SymbolicLike): void => {
    if (inputIds.has(symbolic.id)) return;
    const layer = symbolic.sourceLayer;
    const node = layer.inboundNodes[symbolic.nodeIndex];
    if (!node || visited.has(node)) return;
    visited.add(node);
    if (feed.has(layer.name)) return;
    for (const input of node.inputTensors) {
      reads.set(input.id, (reads.get(input.id) ?? 0) + 1);
      visit(input);
    }
  };
  roots.forEach(visit);
  return reads;
}

/**
 * Evaluate `model` on concrete `inputs`. Returns the model outputs and the captured layer
 * outputs by name. Call inside tf.tidy (or tf.grad). Each intermediate is disposed as soon as
 * the last layer reading it has run, so a forward pass holds about one layer's activations at
 * a time instead of the whole network's (which, for ResNet50 at batch 32, is more than the
 * wasm backend's 4 GiB heap). Under a gradient tape this is safe too: the tape keeps its own
 * references to the tensors its gradients need.
 */
export function executeLayers(
  model: ModelLike,
  topology: LayersTopology,
  inputs: tf.Tensor[],
  options: ExecuteOptions = {},
): { outputs: tf.Tensor[]; captured: Map<string, tf.Tensor> } {
  const captured = new Map<string, tf.Tensor>();
  const capture = options.capture ?? new Set<string>();
  const feed = options.feed ?? new Map<string, tf.Tensor>();
  const finalLayer = options.stripFinalSoftmax ? topology.finalLayer() : undefined;
  // Tensors the caller owns or gets back, at any depth of nesting, are never disposed here.
  const handedOver = new Set<tf.Tensor>(feed.values());

  const run = (container: ModelLike, containerInputs: tf.Tensor[]): tf.Tensor[] => {
    const memo = new Map<number, tf.Tensor>();
    container.inputs.forEach((symbolic, i) => {
      const value = containerInputs[i];
      if (!value) throw new Error(`model '${container.name}' expects ${container.inputs.length} inputs`);
      memo.set(symbolic.id, value);
    });

    const containerName = container === model ? undefined : container.name;
    const sideCaptures = [...capture]
      .map((name) => topology.get(name))
      .filter((entry): entry is TopologyEntry => entry !== undefined && entry.parents.at(-1) === containerName)
      .map((entry) => entry.output);
    const reads = countReads(container, [...container.outputs, ...sideCaptures], feed);
    const kept = new Set<tf.Tensor>(containerInputs);
    for (const output of container.outputs) reads.set(output.id, Number.POSITIVE_INFINITY);
    // One tensor can stand for several symbolic tensors (a layer that returns its input).
    const holders = new Map<tf.Tensor, number[]>();
    const release = (tensor: tf.Tensor): void => {
      if (kept.has(tensor) || handedOver.has(tensor) || tensor.isDisposed) return;
      if ((holders.get(tensor) ?? []).every((id) => (reads.get(id) ?? 0) <= 0)) tensor.dispose();
    };

    const evaluate = (symbolic: SymbolicLike): tf.Tensor => {
      const known = memo.get(symbolic.id);
      if (known) {
        if (known.isDisposed) throw new Error(`internal error: the output of layer '${symbolic.sourceLayer.name}' was released before its last use`);
        return known;
      }
      const layer = symbolic.sourceLayer;
      const node = layer.inboundNodes[symbolic.nodeIndex];
      if (!node) throw new Error(`layer '${layer.name}' has no node ${symbolic.nodeIndex}`);
      const fed = feed.get(layer.name);
      let outputs: tf.Tensor[];
      let args: tf.Tensor[] = [];
      if (fed) {
        outputs = [fed];
      } else {
        args = node.inputTensors.map(evaluate);
        outputs = isContainer(layer)
          ? run(layer, args)
          : callLayer(layer, args, node.callArgs, {
              guided: options.guided === true,
              stripSoftmax: layer === finalLayer,
            });
      }
      node.outputTensors.forEach((out, i) => {
        const value = outputs[i];
        if (!value) return;
        memo.set(out.id, value);
        holders.set(value, [...(holders.get(value) ?? []), out.id]);
      });
      if (capture.has(layer.name) && !captured.has(layer.name) && outputs[0]) {
        captured.set(layer.name, outputs[0]);
        handedOver.add(outputs[0]);
      }
      if (!fed) node.inputTensors.forEach((input) => reads.set(input.id, (reads.get(input.id) ?? 0) - 1));
      args.forEach(release);
      // Outputs nothing reads (the unused outputs of a multi-output layer).
      node.outputTensors.forEach((out) => {
        const value = memo.get(out.id);
        if (value && out.id !== symbolic.id) release(value);
      });
      const result = memo.get(symbolic.id);
      if (!result) throw new Error(`layer '${layer.name}' produced no output ${symbolic.tensorIndex}`);
      return result;
    };

    const outputs = container.outputs.map(evaluate);
    // Captured layers off the path to the output (rare: a side branch) still get evaluated.
    for (const name of capture) {
      if (captured.has(name)) continue;
      const entry = topology.get(name);
      if (entry && entry.parents.at(-1) === containerName) evaluate(entry.output);
    }
    return outputs;
  };

  const outputs = run(model, inputs);
  return { outputs, captured };
}

export type { ModelLike };
