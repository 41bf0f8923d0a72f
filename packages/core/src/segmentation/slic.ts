import { LumenError } from '../errors.ts';
import { enforceConnectivity } from './connectivity.ts';
import { gaussianSmooth } from './gaussian.ts';
import { assertSegmentationImage, requireNumber, type SegmentationImage } from './input.ts';
import { rgbToLab } from './lab.ts';
import { relabelSequential } from './labels.ts';
import { gridIndices, regularGrid, type GridAxis } from './regular-grid.ts';

export interface SlicOptions {
  /** About how many segments to make (skimage `n_segments`). Default 100. */
  nSegments?: number;
  /** Higher: squarer segments; lower: segments that follow colour more (skimage `compactness`). Default 10. */
  compactness?: number;
  /** k-means iterations at most (skimage `max_num_iter`). Default 10. */
  maxNumIter?: number;
  /** Gaussian smoothing before clustering; 0 for none. Default 0. */
  sigma?: number;
  /** Cluster in L*a*b* rather than rescaled RGB. Default true. */
  convert2lab?: boolean;
  /** Split disconnected segments and merge tiny ones into a neighbour. Default true. */
  enforceConnectivity?: boolean;
  /** Segments smaller than this fraction of the expected size are merged. Default 0.5. */
  minSizeFactor?: number;
  /** Segments are grown at most to this multiple of the expected size. Default 3. */
  maxSizeFactor?: number;
  /** The first label, 0 or 1. Default 0 (skimage's default is 1). */
  startLabel?: 0 | 1;
}

/** The image as skimage's slic prepares it: rescaled to 0..1 by its range, then Lab, then smoothed. */
function slicFeatures(image: SegmentationImage, options: SlicOptions): Float64Array {
  const { width, height, data } = image;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const rescaled = new Float64Array(data.length);
  const range = hi - lo;
  for (let i = 0; i < data.length; i++)
    rescaled[i] = range > 0 ? ((data[i] as number) - lo) / range : (data[i] as number) - lo;
  const colour = (options.convert2lab ?? true) ? rgbToLab(rescaled, 1) : rescaled;
  return gaussianSmooth(colour, width, height, 3, options.sigma ?? 0);
}

/**
 * SLIC superpixels (Achanta et al. 2012) as scikit-image computes them for a 2-D RGB image:
 * seeds on a regular grid, then k-means in (Lab / compactness, position / step) space, each
 * centre searching a window of twice the grid step, then (by default) connectivity enforced.
 * Returns one label per pixel (row-major), numbered startLabel.. without gaps.
 */
export function slic(image: SegmentationImage, options: SlicOptions = {}): Int32Array {
  assertSegmentationImage(image);
  const nSegments = options.nSegments ?? 100;
  const compactness = options.compactness ?? 10;
  const maxNumIter = options.maxNumIter ?? 10;
  const startLabel = options.startLabel ?? 0;
  requireNumber('nSegments', nSegments, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  requireNumber('compactness', compactness, (v) => v > 0, 'a number > 0');
  requireNumber(
    'maxNumIter',
    maxNumIter,
    (v) => Number.isInteger(v) && v >= 1,
    'a positive integer',
  );
  requireNumber('sigma', options.sigma ?? 0, (v) => v >= 0, 'a number >= 0');
  requireNumber('minSizeFactor', options.minSizeFactor ?? 0.5, (v) => v >= 0, 'a number >= 0');
  requireNumber('maxSizeFactor', options.maxSizeFactor ?? 3, (v) => v > 0, 'a number > 0');
  if (startLabel !== 0 && startLabel !== 1) {
    throw new LumenError('INVALID_PARAMS', `startLabel must be 0 or 1, got ${String(startLabel)}.`);
  }

  const { width, height } = image;
  const n = width * height;
  const features = slicFeatures(image, options);
  const scale = 1 / compactness;
  for (let i = 0; i < features.length; i++) features[i] = (features[i] as number) * scale;

  // Seeds: skimage treats the image as a volume of depth 1.
  const [, gridY, gridX] = regularGrid([1, height, width], nSegments) as [
    GridAxis,
    GridAxis,
    GridAxis,
  ];
  const seedsY = gridIndices(gridY, height);
  const seedsX = gridIndices(gridX, width);
  const k = seedsY.length * seedsX.length;
  // Centres: y, x, then three colour values, which start at 0 so that the first assignment
  // is purely spatial.
  const centres = new Float64Array(k * 5);
  let c = 0;
  for (const y of seedsY) {
    for (const x of seedsX) {
      centres[5 * c] = y;
      centres[5 * c + 1] = x;
      c++;
    }
  }
  const step = Math.max(1, gridY.step ?? 1, gridX.step ?? 1);
  const spatialWeight = 1 / (step * step);
  // The search window uses the grid of the actual seed count, as skimage recomputes it.
  const [, windowY, windowX] = regularGrid([1, height, width], k) as [GridAxis, GridAxis, GridAxis];
  const reachY = 2 * (windowY.step ?? 1);
  const reachX = 2 * (windowX.step ?? 1);

  // Like skimage, a pixel outside every centre's window keeps its previous assignment.
  let nearest: Int32Array = new Int32Array(n).fill(-1);
  const previous = new Int32Array(n);
  const distance = new Float64Array(n);
  const counts = new Int32Array(k);
  for (let iter = 0; iter < maxNumIter; iter++) {
    distance.fill(Infinity);
    previous.set(nearest);
    for (let s = 0; s < k; s++) {
      if (iter > 0 && counts[s] === 0) continue;
      const cy = centres[5 * s] as number;
      const cx = centres[5 * s + 1] as number;
      const cl = centres[5 * s + 2] as number;
      const ca = centres[5 * s + 3] as number;
      const cb = centres[5 * s + 4] as number;
      const yMin = Math.trunc(Math.max(cy - reachY, 0));
      const yMax = Math.trunc(Math.min(cy + reachY + 1, height));
      const xMin = Math.trunc(Math.max(cx - reachX, 0));
      const xMax = Math.trunc(Math.min(cx + reachX + 1, width));
      for (let y = yMin; y < yMax; y++) {
        const dy = (cy - y) * (cy - y);
        for (let x = xMin; x < xMax; x++) {
          const p = y * width + x;
          const p3 = 3 * p;
          const dl = (features[p3] as number) - cl;
          const da = (features[p3 + 1] as number) - ca;
          const db = (features[p3 + 2] as number) - cb;
          const d = (dy + (cx - x) * (cx - x)) * spatialWeight + dl * dl + da * da + db * db;
          if ((distance[p] as number) > d) {
            distance[p] = d;
            nearest[p] = s;
          }
        }
      }
    }
    // The same assignment as before leaves the centres where they are: a fixed point.
    if (iter > 0 && nearest.every((v, i) => v === previous[i])) break;
    centres.fill(0);
    counts.fill(0);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        const s = nearest[p] as number;
        if (s < 0) continue;
        counts[s] = (counts[s] as number) + 1;
        centres[5 * s] = (centres[5 * s] as number) + y;
        centres[5 * s + 1] = (centres[5 * s + 1] as number) + x;
        for (let ch = 0; ch < 3; ch++)
          centres[5 * s + 2 + ch] =
            (centres[5 * s + 2 + ch] as number) + (features[3 * p + ch] as number);
      }
    }
    for (let s = 0; s < k; s++) {
      const count = counts[s] as number;
      if (count === 0) continue;
      for (let f = 0; f < 5; f++) centres[5 * s + f] = (centres[5 * s + f] as number) / count;
    }
  }
  // A pixel no window reached in the first pass (skimage leaves it unlabelled) takes its grid cell.
  if (nearest.some((v) => v < 0))
    nearest = assignToGridCells(width, height, seedsY, seedsX, nearest);

  if (!(options.enforceConnectivity ?? true)) {
    const labels = relabelSequential(nearest);
    if (startLabel === 1)
      for (let i = 0; i < labels.length; i++) labels[i] = (labels[i] as number) + 1;
    return labels;
  }
  const segmentSize = n / k;
  const minSize = Math.trunc((options.minSizeFactor ?? 0.5) * segmentSize);
  const maxSize = Math.trunc((options.maxSizeFactor ?? 3) * segmentSize);
  return enforceConnectivity(nearest, width, height, minSize, Math.max(1, maxSize), startLabel);
}

function nearestIndex(sorted: number[], v: number): number {
  let best = 0;
  for (let i = 1; i < sorted.length; i++)
    if (Math.abs((sorted[i] as number) - v) < Math.abs((sorted[best] as number) - v)) best = i;
  return best;
}

function assignToGridCells(
  width: number,
  height: number,
  seedsY: number[],
  seedsX: number[],
  current: Int32Array,
): Int32Array {
  const out = current.slice();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if ((out[p] as number) >= 0) continue;
      out[p] = nearestIndex(seedsY, y) * seedsX.length + nearestIndex(seedsX, x);
    }
  }
  return out;
}
