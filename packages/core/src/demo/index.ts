/**
 * Seeded, procedurally drawn demo images (shapes on varied backgrounds, with an optional
 * spurious corner mark) for demos, tests and the bundled demo models. `@lumen/core/demo`.
 */
export { DEMO_CLASSES, type DemoBox, type DemoClassLabel, type ShapePlacement } from './shapes.ts';
export { DEMO_BACKGROUNDS, type DemoBackgroundKind } from './backgrounds.ts';
export {
  DEMO_CORNERS,
  DEMO_CORNER_RESERVE,
  DEMO_CUE_COLOURS,
  DEMO_CUE_OFFSET,
  DEMO_CUE_SIZE,
  DEMO_IMAGE_SIZE,
  cueBoxAt,
  demoClassIndex,
  generateDemoDataset,
  generateDemoSample,
  moveCue,
  resolveDemoOptions,
  withCue,
  withoutCue,
  type DemoCorner,
  type DemoCueOptions,
  type DemoDatasetOptions,
  type DemoSample,
  type DemoSampleOptions,
  type ResolvedDemoOptions,
} from './dataset.ts';
export { toBatchTensor, toLabelTensor } from './tensor.ts';
export { writeDemoImages, type WrittenDemoImage } from './images.ts';
export {
  DEMO_MODELS_DIR,
  DEMO_MODEL_VERSIONS,
  demoModelDir,
  loadDemoModel,
  type DemoModelVersion,
} from './models.ts';
