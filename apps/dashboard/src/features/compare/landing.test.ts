import { describe, expect, it } from 'vitest';
import { demoComparisonPath, type LandingData } from './landing.ts';

const data: LandingData = {
  models: [
    {
      id: 'other',
      name: 'resnet',
      versions: [
        { id: 'r2', version: 'v2' },
        { id: 'r1', version: 'v1' },
      ],
    },
    {
      id: 'demo',
      name: 'demo-shapes',
      versions: [
        { id: 'v3', version: 'v3' },
        { id: 'v2', version: 'v2' },
        { id: 'v1', version: 'v1' },
      ],
    },
  ],
  datasets: [{ id: 'ds', name: 'demo-shapes' }],
  plugins: [{ name: 'saliency' }, { name: 'grad-cam' }],
};

describe('demoComparisonPath', () => {
  it('compares the two latest versions of the demo model, older as A, on the demo dataset with Grad-CAM', () => {
    expect(demoComparisonPath(data)).toBe('/compare?a=v2&b=v3&method=grad-cam&dataset=ds');
  });

  it('falls back to a registered method and to no dataset', () => {
    expect(demoComparisonPath({ ...data, datasets: [], plugins: [{ name: 'saliency' }] })).toBe(
      '/compare?a=v2&b=v3&method=saliency',
    );
  });

  it('is null without a demo model with two versions', () => {
    expect(demoComparisonPath({ ...data, models: [data.models[0]!] })).toBeNull();
    expect(
      demoComparisonPath({
        ...data,
        models: [{ id: 'demo', name: 'demo-shapes', versions: [{ id: 'v1', version: 'v1' }] }],
      }),
    ).toBeNull();
  });

  it('follows configured names', () => {
    expect(demoComparisonPath(data, { model: 'resnet', dataset: 'none', method: 'saliency' })).toBe(
      '/compare?a=r1&b=r2&method=saliency',
    );
  });
});
