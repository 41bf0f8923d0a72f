/**
 * @lumen/core/testing: what plugin authors' tests use. The conformance kit every plugin runs,
 * and small deterministic model fixtures to explain.
 */
export { describeExplainerConformance, type ConformanceOptions } from './conformance.ts';
export {
  writeLayersModel,
  makeTempDir,
  tinyCnn,
  linearSoftmaxModel,
  quadraticModel,
  type QuadraticWeights,
  type TinyCnnOptions,
} from './model-fixtures.ts';
export { writeTinyGraphModel, type TinyGraphWeights } from './graph-fixture.ts';
export { tinyResNet, tinyMobileNet, type ArchitectureOptions } from './architectures.ts';
export { measurePointingGame, type PointingGameOptions, type PointingGameResult } from './pointing-game.ts';
