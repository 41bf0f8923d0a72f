/**
 * Closes the wasm backend's gradient gap. tfjs-backend-wasm 4.22 lacks kernels that only
 * gradients need (Conv2DBackpropFilter, the depthwise backprops, UnsortedSegmentSum, ...), so
 * `tf.grad` through a conv layer, a depthwise conv or a `gather` fails on wasm. This registers,
 * for wasm, every kernel the cpu backend has and wasm lacks: Conv2DBackpropFilter as a
 * convolution on wasm's own XNNPACK kernels, the rest as bridges that run the cpu kernel.
 * It also replaces wasm's loop-based Conv2DBackpropInput with the same kind of convolution.
 */
import { tf } from '../tf.ts';
import { LumenError } from '../errors.ts';
import { createBridgeKernel, kernelsMissingFrom } from './kernel-bridge.ts';
import { createConv2DBackpropFilterKernel } from './conv2d-filter-grad.ts';
import { createConv2DBackpropInputKernel } from './conv2d-input-grad.ts';

const WASM = 'wasm';
const CPU = 'cpu';

const COMPLEX_REASON =
  'works on complex64 tensors, which the wasm backend cannot hold: its other kernels (Add, Mul, ' +
  'Cast, ...) would read the interleaved real/imaginary data as float32 and give wrong results';

/** Kernels deliberately left unbridged, with the reason. */
export const WASM_BRIDGE_SKIPPED: Readonly<Record<string, string>> = Object.freeze({
  Complex: COMPLEX_REASON,
  ComplexAbs: COMPLEX_REASON,
  FFT: COMPLEX_REASON,
  IFFT: COMPLEX_REASON,
  Imag: COMPLEX_REASON,
  Real: COMPLEX_REASON,
});

export type WasmKernelKind = 'bridge' | 'fast-path';

export interface WasmGradientKernelOptions {
  /** Compute Conv2DBackpropFilter with wasm's Conv2D (default) instead of bridging the cpu loops. */
  conv2dFilterFastPath?: boolean;
  /** Replace wasm's loop-based Conv2DBackpropInput with a Conv2D-based one (default). */
  conv2dInputFastPath?: boolean;
}

export interface WasmGradientKernelStatus {
  installed: Array<{ name: string; kind: WasmKernelKind }>;
  skipped: Array<{ name: string; reason: string }>;
}

const installed = new Map<string, WasmKernelKind>();
/** wasm's own kernels that a fast path replaced, to fall back on and to restore. */
const replaced = new Map<string, tf.KernelConfig>();

function replaceWasmKernel(name: string, make: (original: tf.KernelFunc) => tf.KernelFunc): void {
  const original = tf.getKernel(name, WASM);
  if (original === undefined) return;
  tf.unregisterKernel(name, WASM);
  // The original's setupFunc binds its wasm function; it must run if wasm initialises later.
  tf.registerKernel({ ...original, kernelFunc: make(original.kernelFunc) });
  replaced.set(name, original);
  installed.set(name, 'fast-path');
}

function restoreWasmKernel(name: string): void {
  const original = replaced.get(name);
  if (original === undefined) return;
  tf.unregisterKernel(name, WASM);
  tf.registerKernel(original);
  replaced.delete(name);
  installed.delete(name);
}

/**
 * Registers the missing kernels for the wasm backend. Idempotent: calling it again registers
 * nothing new (unless an option changed) and returns the same list, the names of
 * every kernel Lumen provides for wasm, sorted. The wasm backend must already be registered
 * (`initBackend` does that); it need not be the active backend.
 */
export function installWasmGradientKernels(options: WasmGradientKernelOptions = {}): string[] {
  if (tf.findBackendFactory(WASM) == null || tf.getKernelsForBackend(WASM).length === 0) {
    throw new LumenError(
      'BACKEND_UNAVAILABLE',
      "The wasm backend is not registered: import '@tensorflow/tfjs-backend-wasm' (or call initBackend()) first.",
    );
  }
  if (tf.findBackendFactory(CPU) == null) {
    throw new LumenError(
      'BACKEND_UNAVAILABLE',
      'The cpu backend is not registered; the wasm kernel bridge needs it.',
    );
  }
  const fastPath = options.conv2dFilterFastPath ?? true;
  const candidates = new Set([...kernelsMissingFrom(WASM, CPU), ...installed.keys()]);
  for (const name of candidates) {
    if (name in WASM_BRIDGE_SKIPPED || replaced.has(name)) continue;
    const kind: WasmKernelKind =
      name === tf.Conv2DBackpropFilter && fastPath ? 'fast-path' : 'bridge';
    const current = installed.get(name);
    if (current === kind) continue;
    if (current !== undefined) tf.unregisterKernel(name, WASM);
    const bridge = createBridgeKernel(name, CPU);
    tf.registerKernel({
      kernelName: name,
      backendName: WASM,
      kernelFunc: kind === 'fast-path' ? createConv2DBackpropFilterKernel(bridge, WASM) : bridge,
    });
    installed.set(name, kind);
  }
  const inputFastPath = options.conv2dInputFastPath ?? true;
  if (inputFastPath && !replaced.has(tf.Conv2DBackpropInput)) {
    replaceWasmKernel(tf.Conv2DBackpropInput, (original) =>
      createConv2DBackpropInputKernel(original, WASM),
    );
  } else if (!inputFastPath) {
    restoreWasmKernel(tf.Conv2DBackpropInput);
  }
  return [...installed.keys()].sort();
}

/** Removes every kernel `installWasmGradientKernels` registered (for tests and benchmarks). */
export function uninstallWasmGradientKernels(): void {
  for (const name of [...replaced.keys()]) restoreWasmKernel(name);
  for (const name of installed.keys()) tf.unregisterKernel(name, WASM);
  installed.clear();
}

/** What is installed now, and what was skipped on purpose. */
export function wasmGradientKernelStatus(): WasmGradientKernelStatus {
  return {
    installed: [...installed.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, kind]) => ({ name, kind })),
    skipped: Object.entries(WASM_BRIDGE_SKIPPED).map(([name, reason]) => ({ name, reason })),
  };
}
