import { activeBackend, initBackend, loadModel, type LayerInfo } from '@lumen/core';
import { modelOverrides, type ExplainOptions } from './explain.ts';

export type InspectOptions = Pick<ExplainOptions, 'inputSize' | 'preprocess' | 'channelOrder' | 'labels' | 'output'> & {
  json?: boolean;
  backend?: string;
};

function shape(layer: LayerInfo): string {
  return layer.outputShape ? `[${layer.outputShape.map((d) => d ?? '?').join(', ')}]` : '?';
}

export async function inspectModelCommand(dir: string, options: InspectOptions): Promise<void> {
  await initBackend(options.backend ? { prefer: options.backend as 'wasm' } : {});
  const model = await loadModel(dir, modelOverrides(options));
  try {
    const layers = model.layers();
    let lastConv: string | undefined;
    try {
      lastConv = model.lastConvLayer().name;
    } catch {
      lastConv = undefined;
    }
    const summary = {
      identity: model.identity,
      format: model.format,
      input: model.inputSpec,
      output: model.rawOutput,
      hasLogits: model.hasLogits,
      supportsGuidedRelu: model.supportsGuidedRelu,
      classNames: model.classNames,
      lastConvLayer: lastConv ?? null,
      layers,
      metadata: model.metadata,
      backend: activeBackend().name,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    const spec = model.inputSpec;
    const lines = [
      `${model.identity.name}${model.identity.version ? ` (${model.identity.version})` : ''} — TF.js ${model.format === 'layers' ? 'LayersModel' : 'GraphModel'}`,
      `input:   ${spec.height}x${spec.width}x${spec.channels} ${spec.channelOrder}, preprocess ${spec.preprocess.mode}, resize ${spec.resize}`,
      `output:  ${model.numClasses} classes (${model.rawOutput}${model.hasLogits ? ', logits available' : ''})`,
      `classes: ${model.classNames.slice(0, 12).join(', ')}${model.classNames.length > 12 ? `, ... (${model.classNames.length})` : ''}`,
      `last convolutional layer: ${lastConv ?? 'none'}`,
      '',
    ];
    const widths = [Math.max(5, ...layers.map((l) => l.name.length)), Math.max(5, ...layers.map((l) => l.className.length)), 14, 22];
    const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    lines.push(row(['layer', 'class', 'kind', 'output shape', 'params']));
    for (const layer of layers) {
      lines.push(row([layer.name, layer.className, layer.kind + (layer.activation ? `+${layer.activation}` : ''), shape(layer), String(layer.params)]));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    model.dispose();
  }
}
