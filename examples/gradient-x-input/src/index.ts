export {
  gradientXInput,
  gradientXInputParams,
  type GradientXInputExtras,
} from './gradient-x-input.ts';
export { gradientXInput as default } from './gradient-x-input.ts';
