import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@lumen/core';
import { measurePointingGame } from '@lumen/core/testing';
import { shapPartition } from './shap-partition.ts';

describe('shap-partition on demo model v2', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
  });

  // Measured: 8 of 20 (0.4) with 500 evaluations (16x16 superpixel blocks of a 64x64 image are coarse next to an object of ~6 % of it); a random map would hit about 1.
  it('puts its peak on the object in at least 30 % of held-out images', async () => {
    const result = await measurePointingGame(shapPartition, {
      count: 20,
      params: { maxEvals: 500 },
    });
    expect(result.rate).toBeGreaterThanOrEqual(0.3);
  });
});
