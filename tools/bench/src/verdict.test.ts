import { describe, expect, it } from 'vitest';
import {
  methodKind,
  referenceAtUsedBatches,
  referenceCost,
  timeAtBatch,
  verdict,
} from './verdict.ts';

const requires = (gradients: boolean) => ({
  gradients,
  spatialLayer: false,
  background: false,
  guidedRelu: false,
});

describe('cost ratio', () => {
  it('charges each kind of pass its own best per-image time', () => {
    const cost = referenceCost(
      { forward: 10, 'input-gradient': 4, 'layer-gradient:x': 0 },
      {
        forward: { batchSize: 32, msPerImage: 2, cpuMsPerImage: 1.5 },
        'input-gradient': { batchSize: 8, msPerImage: 5, cpuMsPerImage: 4 },
      },
    );
    expect(cost).toEqual({ wallMs: 40, cpuMs: 31, missing: [] });
  });

  it('has no ratio when a pass kind was never timed', () => {
    const cost = referenceCost(
      { forward: 1, 'input-gradient/guided': 2 },
      { forward: { batchSize: 1, msPerImage: 1, cpuMsPerImage: 1 } },
    );
    expect(cost.missing).toEqual(['input-gradient/guided']);
    expect(verdict({ wallMs: 5, cpuMs: 5 }, cost, 'gradient', 'cpu')).toMatchObject({
      ratio: null,
      pass: null,
    });
  });

  it('judges by the chosen clock against the kind of method, and says when the other clock disagrees', () => {
    const reference = { wallMs: 100, cpuMs: 80, missing: [] };
    const byCpu = verdict({ wallMs: 140, cpuMs: 90 }, reference, 'perturbation', 'cpu');
    expect(byCpu.ratio).toBeCloseTo(1.125);
    expect(byCpu.wallRatio).toBeCloseTo(1.4);
    expect(byCpu).toMatchObject({ target: 1.15, pass: true, disagree: true });
    const byWall = verdict({ wallMs: 125, cpuMs: 100 }, reference, 'gradient', 'wall');
    expect(byWall).toMatchObject({ ratio: 1.25, target: 1.3, pass: true, disagree: false });
    expect(verdict({ wallMs: 131, cpuMs: 120 }, reference, 'gradient', 'wall').pass).toBe(false);
  });

  it("classes the issue's perturbation methods as such, the rest by whether they need gradients", () => {
    expect(methodKind({ name: 'score-cam', requires: requires(true) })).toBe('perturbation');
    expect(methodKind({ name: 'lime', requires: requires(false) })).toBe('perturbation');
    expect(methodKind({ name: 'grad-cam', requires: requires(true) })).toBe('gradient');
    expect(methodKind({ name: '@team/mine', requires: requires(false) })).toBe('perturbation');
  });
});

describe('batching and overhead', () => {
  const points = [
    { batchSize: 1, ms: 10 },
    { batchSize: 8, ms: 4 },
    { batchSize: 32, ms: 3 },
  ];

  it('reads the per-image time of the closest measured batch size below', () => {
    expect(timeAtBatch(points, 1)).toBe(10);
    expect(timeAtBatch(points, 7)).toBe(10);
    expect(timeAtBatch(points, 28)).toBe(4);
    expect(timeAtBatch(points, 64)).toBe(3);
    expect(timeAtBatch([{ batchSize: 8, ms: 4 }], 2)).toBe(4);
    expect(timeAtBatch([], 2)).toBeUndefined();
  });

  it('prices the passes at the batch sizes the explanation used, scaled to the re-timed throughput', () => {
    // 1 call of 1 image (10 ms) + 2 calls of 32 (3 ms each), re-timed 10% slower than the sweep;
    // 3 gradient images at batch 3 read batch 1's 20 ms.
    const total = referenceAtUsedBatches(
      { forward: { 1: 1, 32: 2 }, 'input-gradient': { 3: 1 } },
      { forward: points, 'input-gradient': [{ batchSize: 1, ms: 20 }] },
      { forward: 1.1, 'input-gradient': 1 },
    );
    expect(total).toBeCloseTo((10 + 64 * 3) * 1.1 + 60);
    expect(referenceAtUsedBatches({ forward: { 1: 1 } }, {}, {})).toBeNull();
  });
});
