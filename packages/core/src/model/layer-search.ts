import { LumenError } from '../errors.ts';
import type { LayerInfo } from './classifier-model.ts';

/** Edit distance, for "did you mean" suggestions on mistyped layer and class names. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

export function closestNames(wanted: string, names: readonly string[], count = 3): string[] {
  return names
    .map((name) => ({ name, distance: editDistance(wanted.toLowerCase(), name.toLowerCase()) }))
    .sort((x, y) => x.distance - y.distance)
    .slice(0, count)
    .filter((x) => x.distance <= Math.max(3, wanted.length / 2))
    .map((x) => x.name);
}

export function findLayer(layers: readonly LayerInfo[], name: string): LayerInfo {
  const found = layers.find((layer) => layer.name === name);
  if (found) return found;
  const similar = closestNames(
    name,
    layers.map((layer) => layer.name),
  );
  const spatial = layers.filter((layer) => layer.spatial).map((layer) => layer.name);
  const hint = similar.length ? ` Did you mean ${similar.map((s) => `'${s}'`).join(', ')}?` : '';
  throw new LumenError(
    'LAYER_NOT_FOUND',
    `layer '${name}' not found.${hint} Spatial (convolutional) layers are: ${spatial.slice(-8).join(', ') || 'none'}.`,
    { details: { layer: name, similar, spatialLayers: spatial } },
  );
}

/** The last spatial layer that has a convolution somewhere before it. */
export function findLastConvLayer(layers: readonly LayerInfo[]): LayerInfo {
  const firstConv = layers.findIndex((l) => l.kind === 'conv' || l.kind === 'depthwise-conv');
  if (firstConv >= 0) {
    for (let i = layers.length - 1; i >= firstConv; i--) {
      const layer = layers[i] as LayerInfo;
      if (layer.spatial) return layer;
    }
  }
  throw new LumenError(
    'REQUIREMENT_UNMET',
    'the model has no convolutional layer with a spatial output; name a layer explicitly or use a method that does not need one',
    { details: { layers: layers.map((l) => l.name) } },
  );
}

/** The layer a CAM-style method should use: 'auto' for the last conv layer, or a named spatial layer. */
export function resolveSpatialLayer(model: { layer(name: string): LayerInfo; lastConvLayer(): LayerInfo }, name: string): LayerInfo {
  if (name === 'auto') return model.lastConvLayer();
  const layer = model.layer(name);
  if (!layer.spatial) {
    throw new LumenError(
      'INVALID_PARAMS',
      `layer '${name}' outputs [${layer.outputShape?.join(', ') ?? '?'}], not a spatial map; pick a convolutional layer (the last one is '${model.lastConvLayer().name}')`,
      { details: { layer: name, outputShape: layer.outputShape } },
    );
  }
  return layer;
}
