/**
 * An attribution map in plain memory (no tensor to dispose): row-major float32,
 * shape [height, width] for spatial maps or [height, width, channels] for pixel maps.
 */
export interface AttributionMap {
  data: Float32Array;
  shape: [number, number] | [number, number, number];
}

/** A 2-D float map, the common currency of rendering and metrics. */
export interface Map2D {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Read a [h, w] or [h, w, c] tensor into an AttributionMap and dispose it. Plugins should do
 * this as soon as a map is computed: a tensor held across an await leaks if the run is cancelled.
 */
export function takeMap(tensor: { shape: number[]; dataSync(): ArrayLike<number>; dispose(): void }): AttributionMap {
  try {
    if (tensor.shape.length !== 2 && tensor.shape.length !== 3) {
      throw new Error(`an attribution map must be rank 2 or 3, got shape [${tensor.shape.join(', ')}]`);
    }
    return { data: Float32Array.from(tensor.dataSync()), shape: tensor.shape.slice() as AttributionMap['shape'] };
  } finally {
    tensor.dispose();
  }
}
