export {
  gradCamPlusPlus,
  gradCamPlusPlusParams,
  type GradCamPlusPlusExtras,
} from './grad-cam-plus-plus.ts';
export { gradCamPlusPlusWeights, type ChannelWeightOptions } from './channel-weights.ts';
export { gradCamPlusPlus as default } from './grad-cam-plus-plus.ts';
