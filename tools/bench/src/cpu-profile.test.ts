import { describe, expect, it } from 'vitest';
import { categorise, profileCpu, summariseProfile, type CpuProfile } from './cpu-profile.ts';

const root = '/repo';

describe('categorise', () => {
  it('tells wasm kernels, TensorFlow.js, core and plugin files apart', () => {
    expect(categorise({ functionName: '$xnn_gemm', url: 'wasm://wasm/00a1' }, root).category).toBe(
      'wasm kernels (tfjs-backend-wasm)',
    );
    expect(
      categorise(
        {
          functionName: 'runKernel',
          url: 'file:///repo/node_modules/@tensorflow/tfjs-core/dist/engine.js',
        },
        root,
      ),
    ).toEqual({ category: '@tensorflow/tfjs-core (JS)', own: false });
    expect(
      categorise(
        {
          functionName: 'quickshift',
          url: 'file:///repo/packages/core/src/segmentation/quickshift.ts',
        },
        root,
      ),
    ).toEqual({
      category: 'core: segmentation/quickshift.ts',
      own: true,
    });
    expect(
      categorise(
        { functionName: 'explain', url: 'file:///repo/packages/plugins/lime/src/lime.ts' },
        root,
      ),
    ).toEqual({
      category: 'plugin lime: src/lime.ts',
      own: true,
    });
    expect(categorise({ functionName: '(garbage collector)', url: '' }, root).category).toBe(
      'garbage collection',
    );
  });
});

describe('summariseProfile', () => {
  it('gives each sample the time until the next one, by category and by own function', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        {
          id: 2,
          callFrame: {
            functionName: 'fill',
            url: 'file:///repo/packages/plugins/x/src/a.ts',
            lineNumber: 9,
          },
        },
        { id: 3, callFrame: { functionName: '', url: 'wasm://wasm/1', lineNumber: 0 } },
      ],
      samples: [2, 3, 2, 3],
      // Microseconds before each sample: 2 ms after the first, 6 ms after the second, 2 after the third.
      timeDeltas: [0, 2000, 6000, 2000],
    };
    expect(summariseProfile(profile, root, 2).totalMs).toBe(5);
    const summary = summariseProfile(profile, root);
    expect(summary.totalMs).toBe(10);
    expect(summary.byCategory).toEqual([
      { name: 'wasm kernels (tfjs-backend-wasm)', ms: 6, share: 0.6 },
      { name: 'plugin x: src/a.ts', ms: 4, share: 0.4 },
    ]);
    expect(summary.topOwnFunctions).toEqual([{ name: 'fill (src/a.ts:10)', ms: 4, share: 0.4 }]);
  });

  it('profiles work in this process and stops the profiler when the work fails', async () => {
    const { result, profile } = await profileCpu(async () => {
      let x = 0;
      const until = performance.now() + 30;
      while (performance.now() < until) x += Math.sqrt(x + 1);
      return x;
    });
    expect(result).toBeGreaterThan(0);
    expect(profile.nodes.length).toBeGreaterThan(1);
    await expect(profileCpu(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    // A second profile can start, so the first was stopped.
    await expect(profileCpu(async () => 1)).resolves.toMatchObject({ result: 1 });
  });
});
