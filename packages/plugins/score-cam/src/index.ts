export { scoreCam, scoreCamParams, type ScoreCamExtras } from './score-cam.ts';
export { maskedImages, planMasking, type MaskingPlan } from './masks.ts';
export { baselineColour, type BaselineKind } from './baseline.ts';
export { channelWeights, type ChannelWeighting } from './channel-weights.ts';
export { scoreCam as default } from './score-cam.ts';
