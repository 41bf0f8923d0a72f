import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@lumen/core';
import { measurePointingGame } from '@lumen/core/testing';
import { guidedBackprop } from './guided-backprop.ts';

describe('guided-backprop on demo model v2', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
  });

  // Measured: 26 of 40 (0.65); a random map would hit about 2 or 3.
  it('puts its peak on the object in at least 50 % of held-out images', async () => {
    const result = await measurePointingGame(guidedBackprop, { count: 40 });
    expect(result.rate).toBeGreaterThanOrEqual(0.5);
  });
});
