/** Index into an axis of length n with scipy.ndimage's 'reflect' border: d c b a | a b c d | d c. */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

function gaussianKernel(sigma: number): Float64Array {
  // scipy.ndimage.gaussian_filter's default truncate of 4 standard deviations.
  const radius = Math.floor(4 * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-0.5 * i * i) / (sigma * sigma));
    kernel[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / sum;
  return kernel;
}

/**
 * Gaussian smoothing over the two spatial axes of an interleaved image (each channel on its
 * own), as scipy's gaussian_filter with sigma [sigma, sigma, 0] and mode 'reflect'.
 * Returns the input unchanged when sigma is 0.
 */
export function gaussianSmooth(
  data: Float64Array,
  width: number,
  height: number,
  channels: number,
  sigma: number,
): Float64Array {
  if (!(sigma > 0)) return data;
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const rows = new Float64Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = reflectIndex(x + k, width);
          acc += (kernel[k + radius] as number) * (data[(y * width + xx) * channels + c] as number);
        }
        rows[(y * width + x) * channels + c] = acc;
      }
    }
  }
  const out = new Float64Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const yy = reflectIndex(y + k, height);
          acc += (kernel[k + radius] as number) * (rows[(yy * width + x) * channels + c] as number);
        }
        out[(y * width + x) * channels + c] = acc;
      }
    }
  }
  return out;
}
