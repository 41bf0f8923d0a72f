import { describe, expect, it } from 'vitest';
import { buildRunInput, type NewRunForm } from './run-input.ts';

const base: NewRunForm = {
  modelVersionId: 'mv1',
  methods: [{ name: 'grad-cam', params: { relu: true } }],
  images: { mode: 'dataset', datasetId: 'ds1', imageIds: [] },
  targets: { kind: 'top', k: 1 },
  seed: '0',
  batchSize: '',
  deviceClass: 'ANY',
  priority: '',
  backgroundDatasetId: null,
  needsBackground: false,
};

describe('buildRunInput', () => {
  it('builds the createRun input for a dataset run', () => {
    expect(buildRunInput(base)).toEqual({
      ok: true,
      input: {
        modelVersionId: 'mv1',
        methods: [{ name: 'grad-cam', params: { relu: true } }],
        targets: 'top1',
        deviceClass: 'ANY',
        datasetId: 'ds1',
        seed: 0,
      },
    });
  });

  it('sends picked images, class targets, batch size, priority and background', () => {
    const built = buildRunInput({
      ...base,
      images: { mode: 'pick', datasetId: 'ds1', imageIds: ['i1', 'i2'] },
      targets: { kind: 'classes', labels: ['cat', 'dog'] },
      batchSize: '16',
      priority: '-2',
      needsBackground: true,
      backgroundDatasetId: 'bg',
    });
    expect(built).toEqual({
      ok: true,
      input: expect.objectContaining({
        imageIds: ['i1', 'i2'],
        targets: ['cat', 'dog'],
        batchSize: 16,
        priority: -2,
        backgroundDatasetId: 'bg',
      }),
    });
    expect(built.ok && 'datasetId' in built.input).toBe(false);
    const single = buildRunInput({ ...base, targets: { kind: 'classes', labels: ['cat'] } });
    expect(single.ok && single.input.targets).toBe('cat');
  });

  it('lists everything to fix, by field', () => {
    const built = buildRunInput({
      ...base,
      modelVersionId: null,
      methods: [],
      images: { mode: 'upload', datasetId: null, imageIds: [] },
      seed: '1.5',
      batchSize: '0',
      needsBackground: true,
    });
    expect(built.ok).toBe(false);
    expect(!built.ok && built.errors.map((e) => e.field)).toEqual([
      'model',
      'methods',
      'images',
      'seed',
      'batchSize',
      'background',
    ]);
  });
});
