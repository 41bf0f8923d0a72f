import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@lumen/core';
import { measurePointingGame } from '@lumen/core/testing';
import { smoothGrad } from './smoothgrad.ts';

describe('smoothgrad on demo model v2', () => {
  beforeAll(async () => {
    await initBackend({ prefer: 'wasm', env: {} });
  });

  // Measured: 23 of 40 (0.575) with the defaults; a random map would hit about 2 or 3.
  it('puts its peak on the object in at least 40 % of held-out images', async () => {
    const result = await measurePointingGame(smoothGrad, { count: 40 });
    expect(result.rate).toBeGreaterThanOrEqual(0.4);
  });
});
