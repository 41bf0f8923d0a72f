/** The pixel offsets within `radius` of a pixel (Euclidean, the pixel itself excluded). */
export interface Neighbourhood {
  readonly count: number;
  readonly dy: Int32Array;
  readonly dx: Int32Array;
  /** Squared distance of each offset. */
  readonly distance2: Float64Array;
}

export function neighbourhood(radius: number): Neighbourhood {
  const dy: number[] = [];
  const dx: number[] = [];
  for (let y = -radius; y <= radius; y++) {
    for (let x = -radius; x <= radius; x++) {
      if ((x !== 0 || y !== 0) && x * x + y * y <= radius * radius) {
        dy.push(y);
        dx.push(x);
      }
    }
  }
  return {
    count: dy.length,
    dy: Int32Array.from(dy),
    dx: Int32Array.from(dx),
    distance2: Float64Array.from(dy, (y, n) => y * y + (dx[n] as number) ** 2),
  };
}
