import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@lumen/core';
import { measurePointingGame } from '@lumen/core/testing';
import { integratedGradients } from './integrated-gradients.ts';

describe('integrated-gradients on demo model v2', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
  });

  // Measured: 22 of 40 (0.55) with the defaults (black baseline, 50 steps); a random map would hit about 2 or 3.
  it('puts its peak on the object in at least 40 % of held-out images', async () => {
    const result = await measurePointingGame(integratedGradients, { count: 40 });
    expect(result.rate).toBeGreaterThanOrEqual(0.4);
  });
});
