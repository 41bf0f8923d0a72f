export {
  initBackend,
  activeBackend,
  listAvailableBackends,
  resetBackendSelection,
  BACKEND_ENV_VAR,
  type BackendName,
  type BackendPreference,
  type BackendInfo,
  type BackendAvailability,
  type InitBackendOptions,
  type ModuleLoader,
} from './select.ts';
export {
  installWasmGradientKernels,
  uninstallWasmGradientKernels,
  wasmGradientKernelStatus,
  WASM_BRIDGE_SKIPPED,
  type WasmGradientKernelOptions,
  type WasmGradientKernelStatus,
  type WasmKernelKind,
} from './wasm-gradients.ts';
export { createBridgeKernel, kernelsMissingFrom, BRIDGEABLE_DTYPES } from './kernel-bridge.ts';
