/**
 * Bilinear upsampling as a matrix, the way RISE's reference code resizes its grids
 * (scikit-image `resize`, order 1, mode 'reflect'): pixel centres at half-integers, and
 * samples that fall outside the grid mirrored about the edge cell (-1 reads cell 1).
 */

function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

/** [outputLength x inputLength], row-major: output u = sum_j M[u][j] * input[j]. */
export function bilinearMatrix(inputLength: number, outputLength: number): Float64Array {
  const matrix = new Float64Array(outputLength * inputLength);
  const scale = inputLength / outputLength;
  for (let u = 0; u < outputLength; u++) {
    const source = (u + 0.5) * scale - 0.5;
    const below = Math.floor(source);
    const fraction = source - below;
    matrix[u * inputLength + mirror(below, inputLength)]! += 1 - fraction;
    matrix[u * inputLength + mirror(below + 1, inputLength)]! += fraction;
  }
  return matrix;
}

/**
 * Every crop of `length` consecutive rows of the upsampling matrix that a shift in [0, cell)
 * can select: [cell, length, gridSize], row-major. Crop d, row r is upsampled row d + r.
 */
export function shiftedCrops(gridSize: number, cell: number, length: number): Float32Array {
  const upsampled = bilinearMatrix(gridSize, (gridSize + 1) * cell);
  const crops = new Float32Array(cell * length * gridSize);
  for (let d = 0; d < cell; d++)
    crops.set(upsampled.subarray(d * gridSize, (d + length) * gridSize), d * length * gridSize);
  return crops;
}
