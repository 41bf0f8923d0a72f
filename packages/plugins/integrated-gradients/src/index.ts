export {
  integratedGradients,
  integratedGradientsParams,
  type IntegratedGradientsExtras,
} from './integrated-gradients.ts';
export { integratedGradients as default } from './integrated-gradients.ts';
export {
  QUADRATURE_METHODS,
  gaussLegendre,
  quadrature,
  type Quadrature,
  type QuadratureMethod,
} from './quadrature.ts';
export { makeBaseline, type BaselineKind, type BaselineSpec } from './baseline.ts';
