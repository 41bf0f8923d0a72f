/**
 * A kernel bridge runs one backend's implementation of a kernel on tensors that live in another
 * backend: inputs are copied out of the target backend into the source backend, the source
 * kernel runs with the same attrs, and its outputs are copied back. Used to give the wasm
 * backend the kernels only the cpu backend has (see `wasm-gradients.ts`).
 */
import { tf } from '../tf.ts';
import { LumenError } from '../errors.ts';

/** The dtypes a bridge can carry. complex64 cannot: see `wasm-gradients.ts`. */
export const BRIDGEABLE_DTYPES: readonly tf.DataType[] = ['float32', 'int32', 'bool', 'string'];

function assertBridgeable(kernelName: string, dtype: tf.DataType, role: 'input' | 'output'): void {
  if (!BRIDGEABLE_DTYPES.includes(dtype)) {
    throw new LumenError(
      'BACKEND_UNAVAILABLE',
      `Kernel '${kernelName}' cannot be bridged: ${role} dtype '${dtype}' is not supported by the bridge ` +
        `(supported: ${BRIDGEABLE_DTYPES.join(', ')}). Run this op on the 'cpu' backend instead.`,
      { details: { kernelName, dtype, role } },
    );
  }
}

/** The source backend instance, initialised on first use. */
export function bridgeSourceBackend(name: string): tf.KernelBackend {
  let backend: tf.KernelBackend | null = null;
  try {
    backend = tf.findBackend(name);
  } catch (error) {
    throw new LumenError(
      'BACKEND_UNAVAILABLE',
      `Backend '${name}' failed to initialise for the kernel bridge.`,
      {
        cause: error,
      },
    );
  }
  if (backend === null) {
    throw new LumenError(
      'BACKEND_UNAVAILABLE',
      `Backend '${name}' is not registered (or initialises asynchronously), so kernels cannot be bridged from it.`,
    );
  }
  quietFirstUseHint(backend);
  return backend;
}

/**
 * The cpu backend prints "install tfjs-node to speed things up" on its first write. When it is
 * only lending kernels to wasm that advice is misleading noise, so mark it as already shown.
 */
function quietFirstUseHint(backend: tf.KernelBackend): void {
  const flagged = backend as unknown as { firstUse?: unknown };
  if (flagged.firstUse === true) flagged.firstUse = false;
}

function toTargetValues(
  values: tf.BackendValues,
  dtype: tf.DataType,
  shape: number[],
  kernelName: string,
): tf.BackendValues {
  if (dtype === 'string') {
    return (values as unknown as ArrayLike<Uint8Array | string>).length === 0
      ? []
      : Array.from(values as unknown as ArrayLike<Uint8Array | string>, (v) =>
          typeof v === 'string' ? tf.util.encodeString(v) : v,
        );
  }
  const size = tf.util.sizeFromShape(shape);
  const numeric = values as unknown as ArrayLike<number>;
  if (numeric.length !== size) {
    throw new LumenError(
      'BACKEND_UNAVAILABLE',
      `Kernel '${kernelName}' bridge: output has ${numeric.length} values for shape [${shape.join(', ')}].`,
    );
  }
  switch (dtype) {
    case 'float32':
      return values instanceof Float32Array ? values : Float32Array.from(numeric);
    case 'int32':
      return values instanceof Int32Array ? values : Int32Array.from(numeric);
    default:
      return values instanceof Uint8Array ? values : Uint8Array.from(numeric);
  }
}

/**
 * A kernel function, to be registered for a target backend, that runs `kernelName` as
 * implemented by `sourceBackendName`. Everything the bridge allocates in the source backend is
 * freed before it returns, also when the kernel throws; the outputs belong to the target.
 */
export function createBridgeKernel(kernelName: string, sourceBackendName = 'cpu'): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const target = backend as tf.KernelBackend;
    const sourceKernel = tf.getKernel(kernelName, sourceBackendName);
    if (sourceKernel === undefined) {
      throw new LumenError(
        'BACKEND_UNAVAILABLE',
        `Kernel '${kernelName}' cannot be bridged: backend '${sourceBackendName}' has no such kernel.`,
      );
    }
    const source = bridgeSourceBackend(sourceBackendName);
    // Ops such as Einsum, Concat and Pack pass their inputs as an array; the kernel reads `.length`.
    const sourceInputs: Record<string, tf.TensorInfo> | tf.TensorInfo[] = Array.isArray(inputs)
      ? new Array<tf.TensorInfo>(inputs.length)
      : {};
    const copies = new Map<tf.DataId, tf.DataId>();
    const owned = new Set<tf.DataId>();
    try {
      for (const [key, info] of Object.entries(inputs)) {
        if (info == null) continue;
        assertBridgeable(kernelName, info.dtype, 'input');
        let copy = copies.get(info.dataId);
        if (copy === undefined) {
          copy = source.write(target.readSync(info.dataId), info.shape, info.dtype);
          copies.set(info.dataId, copy);
          owned.add(copy);
        }
        (sourceInputs as Record<string, tf.TensorInfo>)[key] = {
          dataId: copy,
          shape: info.shape,
          dtype: info.dtype,
        };
      }
      const result = sourceKernel.kernelFunc({
        inputs: sourceInputs as tf.NamedTensorInfoMap,
        attrs,
        backend: source,
      });
      const outputs = Array.isArray(result) ? result : [result];
      for (const out of outputs) owned.add(out.dataId);
      const written: tf.TensorInfo[] = [];
      try {
        for (const out of outputs) {
          assertBridgeable(kernelName, out.dtype, 'output');
          const values = toTargetValues(
            source.readSync(out.dataId),
            out.dtype,
            out.shape,
            kernelName,
          );
          written.push({
            dataId: target.write(values, out.shape, out.dtype),
            shape: out.shape,
            dtype: out.dtype,
          });
        }
      } catch (error) {
        for (const info of written) target.disposeData(info.dataId, true);
        throw error;
      }
      return Array.isArray(result) ? written : (written[0] as tf.TensorInfo);
    } finally {
      // Forced: a source kernel may hand back one of its inputs with an extra reference.
      for (const dataId of owned) source.disposeData(dataId, true);
    }
  };
}

/** Kernels `sourceBackendName` has and `targetBackendName` lacks, by name, sorted. */
export function kernelsMissingFrom(targetBackendName: string, sourceBackendName = 'cpu'): string[] {
  const present = new Set(tf.getKernelsForBackend(targetBackendName).map((k) => k.kernelName));
  return tf
    .getKernelsForBackend(sourceBackendName)
    .map((k) => k.kernelName)
    .filter((name) => !present.has(name))
    .sort();
}
