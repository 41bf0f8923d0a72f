export type ChannelWeighting = 'softmax' | 'score';

/**
 * Channel weights from the masked images' class scores: their softmax over channels (the
 * paper's Algorithm 1), or the scores themselves (the authors' released code, which scores with
 * probabilities). Subtracting a baseline image's score, as the paper's "increase of confidence"
 * does, shifts every score by the same amount and leaves the softmax unchanged.
 */
export function channelWeights(scores: Float32Array, weighting: ChannelWeighting): Float32Array {
  if (weighting === 'score') return Float32Array.from(scores);
  let peak = -Infinity;
  for (const s of scores) peak = Math.max(peak, s);
  const exps = Float64Array.from(scores, (s) => Math.exp(s - peak));
  const total = exps.reduce((sum, v) => sum + v, 0);
  return Float32Array.from(exps, (v) => v / total);
}
