import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@lumen/core';
import { measurePointingGame } from '@lumen/core/testing';
import { guidedGradCam } from './guided-grad-cam.ts';

describe('guided-grad-cam on demo model v2', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
  });

  // Measured: 36 of 40 (0.9): Grad-CAM's localisation times guided backpropagation's detail.
  it('puts its peak on the object in at least 80 % of held-out images', async () => {
    const result = await measurePointingGame(guidedGradCam, { count: 40 });
    expect(result.rate).toBeGreaterThanOrEqual(0.8);
  });
});
