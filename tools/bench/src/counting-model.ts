import { tf, type ClassifierModel, type ModelRunOptions } from '@lumen/core';
import { passId, type PassSpec } from './passes.ts';

/** What the model was asked to do during one explanation. */
export interface ModelUsage {
  /** Calls to model.run. */
  calls: number;
  /** Images pushed through the model, by pass id. */
  images: Record<string, number>;
  /** How many calls had each batch size, by pass id. */
  batches: Record<string, Record<number, number>>;
  /** Wall time inside model.run calls outside any gradient, and inside gradient computations that ran the model (forward + backward). */
  modelMs: number;
  /** Gradient computations (tf.grad and the like) that ran the model. */
  gradientCalls: number;
}

interface EngineLike {
  state: { gradientDepth: number };
  gradients: (...args: unknown[]) => unknown;
}

const engine = (): EngineLike => tf.engine() as unknown as EngineLike;

/**
 * Counts and times model work. `wrap(model)` gives a ClassifierModel that delegates to the real
 * one and records every run: the images it was given, and whether it ran under a gradient tape
 * (a backward pass follows) with respect to the input or a fed layer. `install()` times the
 * engine's gradient computations, so that model time = untaped runs + gradient computations
 * (each includes its own forward run).
 */
export class ModelRecorder {
  private usage: ModelUsage = emptyUsage();
  private gradientDepth = 0;
  private runsInGradient = 0;
  private installed: { engine: EngineLike; original: EngineLike['gradients'] } | undefined;

  reset(): void {
    this.usage = emptyUsage();
  }

  snapshot(): ModelUsage {
    return structuredClone(this.usage);
  }

  /** Times the engine's gradient computations until `uninstall()`. */
  install(): void {
    if (this.installed) return;
    const target = engine();
    const original = target.gradients;
    this.installed = { engine: target, original };
    target.gradients = (...args: unknown[]): unknown => {
      if (this.gradientDepth > 0) return original.apply(target, args);
      this.gradientDepth++;
      this.runsInGradient = 0;
      const started = performance.now();
      try {
        return original.apply(target, args);
      } finally {
        this.gradientDepth--;
        if (this.runsInGradient > 0) {
          this.usage.modelMs += performance.now() - started;
          this.usage.gradientCalls++;
        }
      }
    };
  }

  uninstall(): void {
    if (!this.installed) return;
    const { engine: target, original } = this.installed;
    if (Object.prototype.hasOwnProperty.call(target, 'gradients')) {
      delete (target as Partial<EngineLike>).gradients;
    }
    if (target.gradients !== original) target.gradients = original;
    this.installed = undefined;
  }

  wrap(model: ClassifierModel): ClassifierModel {
    return {
      get identity() {
        return model.identity;
      },
      get format() {
        return model.format;
      },
      get inputSpec() {
        return model.inputSpec;
      },
      get classNames() {
        return model.classNames;
      },
      get numClasses() {
        return model.numClasses;
      },
      get rawOutput() {
        return model.rawOutput;
      },
      get hasLogits() {
        return model.hasLogits;
      },
      get supportsGuidedRelu() {
        return model.supportsGuidedRelu;
      },
      get metadata() {
        return model.metadata;
      },
      layers: () => model.layers(),
      layer: (name) => model.layer(name),
      lastConvLayer: () => model.lastConvLayer(),
      preprocess: (images) => model.preprocess(images),
      run: (images, options?: ModelRunOptions) => {
        const taped = engine().state.gradientDepth > 0;
        this.count(classify(taped, options), images.shape[0]);
        if (taped) {
          this.runsInGradient++;
          return model.run(images, options);
        }
        const started = performance.now();
        try {
          return model.run(images, options);
        } finally {
          this.usage.modelMs += performance.now() - started;
        }
      },
      dispose: () => model.dispose(),
    };
  }

  private count(pass: PassSpec, batch: number): void {
    const id = passId(pass);
    this.usage.calls++;
    this.usage.images[id] = (this.usage.images[id] ?? 0) + batch;
    const sizes = (this.usage.batches[id] ??= {});
    sizes[batch] = (sizes[batch] ?? 0) + 1;
  }
}

function emptyUsage(): ModelUsage {
  return { calls: 0, images: {}, batches: {}, modelMs: 0, gradientCalls: 0 };
}

/** A run under a gradient tape is differentiated afterwards: with respect to the fed layer if there is one, else the input. */
export function classify(taped: boolean, options: ModelRunOptions | undefined): PassSpec {
  if (!taped) return { kind: 'forward' };
  const relu = options?.relu === 'guided' ? 'guided' : 'standard';
  const fed = Object.keys(options?.feed ?? {});
  if (fed.length > 0) return { kind: 'layer-gradient', layer: fed.sort().join('+'), relu };
  return { kind: 'input-gradient', relu };
}
