import { expect, it } from 'vitest';
import { tf } from '../tf.ts';
import { isLumenError } from '../errors.ts';
import { installWasmGradientKernels } from './wasm-gradients.ts';

// Its own file: this process never loads @tensorflow/tfjs-backend-wasm.
it('installWasmGradientKernels explains that the wasm backend must be loaded first', () => {
  expect(tf.findBackendFactory('wasm')).toBeNull();
  let caught: unknown;
  try {
    installWasmGradientKernels();
  } catch (error) {
    caught = error;
  }
  expect(isLumenError(caught, 'BACKEND_UNAVAILABLE')).toBe(true);
  expect((caught as Error).message).toMatch(/initBackend/);
});
