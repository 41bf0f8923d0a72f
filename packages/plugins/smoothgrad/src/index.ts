export {
  smoothGrad,
  smoothGradParams,
  SMOOTHGRAD_VARIANTS,
  type SmoothGradExtras,
  type SmoothGradVariant,
} from './smoothgrad.ts';
export { smoothGrad as default } from './smoothgrad.ts';
