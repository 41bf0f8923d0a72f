import { createRandom, type Random } from '../random/random.ts';
import { gaussianSmooth } from './gaussian.ts';
import { assertSegmentationImage, requireNumber, type SegmentationImage } from './input.ts';
import { rgbToLab } from './lab.ts';

export interface QuickshiftOptions {
  /** Weight of colour against position, 0..1 (skimage `ratio`). Default 1. */
  ratio?: number;
  /** Standard deviation of the Gaussian density kernel, >= 1 (skimage `kernel_size`). Default 5. */
  kernelSize?: number;
  /** Links longer than this in colour-position space are cut (skimage `max_dist`). Default 10. */
  maxDist?: number;
  /** Gaussian smoothing of the image before segmenting; 0 for none. Default 0. */
  sigma?: number;
  /** Segment in L*a*b* rather than RGB 0..1. Default true. */
  convert2lab?: boolean;
  /** Seed of the tiny noise that breaks density ties (skimage `rng`). Default 42. */
  seed?: number;
  /** A random stream to draw that noise from instead of `seed`. */
  random?: Random;
}

/** Standard deviation of the tie-breaking noise added to the densities, as skimage. */
const TIE_NOISE = 1e-5;

function colourFeatures(
  image: SegmentationImage,
  options: QuickshiftOptions,
  ratio: number,
): Float64Array {
  const { width, height } = image;
  let features: Float64Array;
  if (options.convert2lab ?? true) {
    features = rgbToLab(image.data);
  } else {
    features = new Float64Array(image.data.length);
    for (let i = 0; i < features.length; i++) features[i] = (image.data[i] as number) / 255;
  }
  features = gaussianSmooth(features, width, height, 3, options.sigma ?? 0);
  for (let i = 0; i < features.length; i++) features[i] = (features[i] as number) * ratio;
  return features;
}

/**
 * Quick shift superpixels (Vedaldi & Soatto 2008) as scikit-image computes them: each pixel's
 * density is a Gaussian-weighted sum over a (2*ceil(3*kernelSize)+1)^2 window in
 * (ratio * Lab, y, x) space; each pixel links to the nearest pixel of higher density in that
 * window, unless it is farther than maxDist; each resulting tree is one segment.
 * Returns one label per pixel (row-major), numbered 0..n-1 in the raster order of the roots.
 */
export function quickshift(image: SegmentationImage, options: QuickshiftOptions = {}): Int32Array {
  assertSegmentationImage(image);
  const ratio = options.ratio ?? 1;
  const kernelSize = options.kernelSize ?? 5;
  const maxDist = options.maxDist ?? 10;
  requireNumber('ratio', ratio, (v) => v >= 0, 'a number >= 0');
  requireNumber('kernelSize', kernelSize, (v) => v >= 1, 'a number >= 1');
  requireNumber('maxDist', maxDist, (v) => v >= 0, 'a number >= 0');
  requireNumber('sigma', options.sigma ?? 0, (v) => v >= 0, 'a number >= 0');

  const { width, height } = image;
  const n = width * height;
  const features = colourFeatures(image, options, ratio);
  const inv = -0.5 / (kernelSize * kernelSize);
  const reach = Math.ceil(3 * kernelSize);
  const span = 2 * reach + 1;

  // exp(-(dy^2 + dx^2) / (2 sigma^2)) for every offset: the spatial factor of the kernel.
  const spatial = new Float64Array(span * span);
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++)
      spatial[(dy + reach) * span + dx + reach] = Math.exp((dy * dy + dx * dx) * inv);
  }

  // The kernel is symmetric, so each pair of pixels is visited once and feeds both densities.
  const density = new Float64Array(n);
  for (let y = 0; y < height; y++) {
    const yMax = Math.min(y + reach, height - 1);
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const p3 = 3 * p;
      const l = features[p3] as number;
      const a = features[p3 + 1] as number;
      const b = features[p3 + 2] as number;
      let own = 1;
      const xMin = Math.max(x - reach, 0);
      const xMax = Math.min(x + reach, width - 1);
      for (let yy = y; yy <= yMax; yy++) {
        const dy = yy - y;
        const spatialRow = (dy + reach) * span + reach - x;
        for (let xx = yy === y ? x + 1 : xMin; xx <= xMax; xx++) {
          const q = yy * width + xx;
          const q3 = 3 * q;
          const dl = l - (features[q3] as number);
          const da = a - (features[q3 + 1] as number);
          const db = b - (features[q3 + 2] as number);
          const v =
            Math.exp((dl * dl + da * da + db * db) * inv) * (spatial[spatialRow + xx] as number);
          own += v;
          density[q] = (density[q] as number) + v;
        }
      }
      density[p] = (density[p] as number) + own;
    }
  }

  const random = options.random ?? createRandom(options.seed ?? 42);
  for (let p = 0; p < n; p++) density[p] = (density[p] as number) + TIE_NOISE * random.normal();

  // Each pixel's parent: the nearest pixel of higher density in its window (the first one
  // in raster order on ties), or itself when there is none within maxDist.
  const parent = new Int32Array(n);
  const maxDistSq = maxDist * maxDist;
  for (let y = 0; y < height; y++) {
    const yMin = Math.max(y - reach, 0);
    const yMax = Math.min(y + reach, height - 1);
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const p3 = 3 * p;
      const own = density[p] as number;
      const l = features[p3] as number;
      const a = features[p3 + 1] as number;
      const b = features[p3 + 2] as number;
      let closest = Infinity;
      let best = p;
      const xMin = Math.max(x - reach, 0);
      const xMax = Math.min(x + reach, width - 1);
      for (let yy = yMin; yy <= yMax; yy++) {
        const dy = yy - y;
        for (let xx = xMin; xx <= xMax; xx++) {
          const q = yy * width + xx;
          if ((density[q] as number) <= own) continue;
          const q3 = 3 * q;
          const dl = l - (features[q3] as number);
          const da = a - (features[q3 + 1] as number);
          const db = b - (features[q3 + 2] as number);
          const dx = xx - x;
          const dist = dl * dl + da * da + db * db + dy * dy + dx * dx;
          if (dist < closest) {
            closest = dist;
            best = q;
          }
        }
      }
      parent[p] = closest > maxDistSq ? p : best;
    }
  }
  return labelTrees(parent);
}

/** Labels each node with its tree's root, numbering roots 0..n-1 in index order. */
function labelTrees(parent: Int32Array): Int32Array {
  const n = parent.length;
  const root = new Int32Array(n).fill(-1);
  const path: number[] = [];
  for (let p = 0; p < n; p++) {
    let node = p;
    while (root[node] === -1 && parent[node] !== node) {
      path.push(node);
      node = parent[node] as number;
    }
    const top = root[node] === -1 ? node : (root[node] as number);
    root[node] = top;
    for (const visited of path) root[visited] = top;
    path.length = 0;
  }
  const labelOfRoot = new Int32Array(n).fill(-1);
  let next = 0;
  for (let p = 0; p < n; p++) if (root[p] === p) labelOfRoot[p] = next++;
  const labels = new Int32Array(n);
  for (let p = 0; p < n; p++) labels[p] = labelOfRoot[root[p] as number] as number;
  return labels;
}
