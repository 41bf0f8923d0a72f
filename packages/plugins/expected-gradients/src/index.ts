export {
  expectedGradients,
  expectedGradientsParams,
  INPUT_LAYER,
  type CompletenessCheck,
  type ExpectedGradientsExtras,
} from './expected-gradients.ts';
export { expectedGradients as default } from './expected-gradients.ts';
