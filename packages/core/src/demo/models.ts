import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ClassifierModel } from '../model/classifier-model.ts';
import { loadModel } from '../model/load-model.ts';

/** The two committed demo model versions (see demo-models/README.md for how they were made). */
export const DEMO_MODEL_VERSIONS = ['v1', 'v2'] as const;
export type DemoModelVersion = (typeof DEMO_MODEL_VERSIONS)[number];

export const DEMO_MODELS_DIR = fileURLToPath(new URL('../../demo-models/', import.meta.url));

export function demoModelDir(version: DemoModelVersion): string {
  return path.join(DEMO_MODELS_DIR, version);
}

/** Load a demo model version (input spec and class names come from its lumen.json). */
export function loadDemoModel(version: DemoModelVersion): Promise<ClassifierModel> {
  return loadModel(demoModelDir(version));
}
