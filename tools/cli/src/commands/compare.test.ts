import { describe, expect, it } from 'vitest';
import { gateValue, parseGate } from './compare.ts';
import { parseMethod } from './runs.ts';

const comparison = {
  method: 'grad-cam',
  summary: '',
  missing: 0,
  modelVersionA: { version: 'v1', model: { name: 'm' } },
  modelVersionB: { version: 'v2', model: { name: 'm' } },
  metrics: [{ name: 'energyOnCue', description: '', higherIsBetter: false, meanA: 0.41, meanB: 0.03, delta: -0.38, count: 10 }],
  pairs: [
    { image: { id: '1', filename: null }, agreement: { rankCorrelation: 0.2, topKOverlap: 0.5 }, metricDeltas: {} },
    { image: { id: '2', filename: null }, agreement: { rankCorrelation: 0.4, topKOverlap: 0.7 }, metricDeltas: {} },
  ],
};

describe('release gates', () => {
  it('parses metric, field, operator and number', () => {
    expect(parseGate('energyOnCue.b > 0.1')).toMatchObject({ metric: 'energyOnCue', field: 'b', op: '>', value: 0.1 });
    expect(parseGate('pointingGame < -0.05')).toMatchObject({ field: 'delta', op: '<', value: -0.05 });
    expect(parseGate('rankCorrelation<=0.5')).toMatchObject({ field: 'mean', op: '<=' });
    expect(() => parseGate('energyOnCue is big')).toThrow(/--fail-if/);
  });

  it('reads the gated value from a comparison', () => {
    expect(gateValue(comparison, parseGate('energyOnCue.a > 0'))).toBe(0.41);
    expect(gateValue(comparison, parseGate('energyOnCue.b > 0'))).toBe(0.03);
    expect(gateValue(comparison, parseGate('energyOnCue > 0'))).toBe(-0.38);
    expect(gateValue(comparison, parseGate('rankCorrelation < 1'))).toBeCloseTo(0.3, 10);
    expect(gateValue(comparison, parseGate('deletionAuc > 0'))).toBeUndefined();
  });
});

describe('parseMethod', () => {
  it('splits a method name from its JSON params', () => {
    expect(parseMethod('grad-cam')).toEqual({ name: 'grad-cam' });
    expect(parseMethod('lime:{"numSamples":500}')).toEqual({ name: 'lime', params: { numSamples: 500 } });
    expect(() => parseMethod('lime:{bad')).toThrow(/must be JSON/);
  });
});
