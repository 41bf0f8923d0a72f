import { describe, expect, it } from 'vitest';
import { channelWeights } from './channel-weights.ts';

describe('channelWeights', () => {
  const scores = Float32Array.from([2.5, -1, 0.25, 7]);

  it('is the softmax over channels', () => {
    const weights = Array.from(channelWeights(scores, 'softmax'));
    const exps = Array.from(scores, Math.exp);
    const total = exps.reduce((s, v) => s + v, 0);
    expect(weights).toEqual(exps.map((v) => expect.closeTo(v / total, 6)));
  });

  it("ignores the baseline score the paper's increase of confidence subtracts", () => {
    const shifted = Float32Array.from(scores, (s) => s - 3.75);
    expect(Array.from(channelWeights(shifted, 'softmax'))).toEqual(
      Array.from(channelWeights(scores, 'softmax')).map((v) => expect.closeTo(v, 6)),
    );
  });

  it('stays finite for large logits', () => {
    const weights = channelWeights(Float32Array.from([1000, 990, -1000]), 'softmax');
    expect(Array.from(weights).every(Number.isFinite)).toBe(true);
    expect(weights[0]).toBeCloseTo(1 / (1 + Math.exp(-10)), 6);
  });

  it('passes the scores through when weighting by score', () => {
    expect(Array.from(channelWeights(scores, 'score'))).toEqual(Array.from(scores));
  });
});
