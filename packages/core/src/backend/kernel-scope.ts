/** Runs kernels of one backend directly (no engine, no tape) and frees the intermediates. */
import { tf } from '../tf.ts';
import { LumenError } from '../errors.ts';

export class KernelScope {
  private readonly temporaries: tf.TensorInfo[] = [];
  private readonly backend: tf.KernelBackend;
  private readonly backendName: string;

  constructor(backend: tf.KernelBackend, backendName: string) {
    this.backend = backend;
    this.backendName = backendName;
  }

  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): tf.TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (kernel === undefined) {
      throw new LumenError(
        'BACKEND_UNAVAILABLE',
        `Backend '${this.backendName}' has no '${kernelName}' kernel.`,
      );
    }
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    const info = Array.isArray(out) ? out[0] : out;
    if (info === undefined)
      throw new LumenError('BACKEND_UNAVAILABLE', `Kernel '${kernelName}' returned nothing.`);
    this.temporaries.push(info);
    return info;
  }

  /** Hands a TensorInfo the caller allocated in this backend to the scope. */
  adopt(info: tf.TensorInfo): tf.TensorInfo {
    this.temporaries.push(info);
    return info;
  }

  /** Transpose, or a free reshape when the permutation only moves size-1 axes. */
  permute(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    const moved = perm.filter((axis) => x.shape[axis] !== 1);
    const inOrder = moved.every((axis, i) => i === 0 || axis > (moved[i - 1] as number));
    const shape = perm.map((axis) => x.shape[axis] as number);
    return inOrder ? this.run('Reshape', { x }, { shape }) : this.run('Transpose', { x }, { perm });
  }

  /** Frees every intermediate except `keep`. */
  release(keep?: tf.TensorInfo): void {
    for (const info of this.temporaries) {
      if (info !== keep) this.backend.disposeData(info.dataId);
    }
    this.temporaries.length = 0;
  }
}
