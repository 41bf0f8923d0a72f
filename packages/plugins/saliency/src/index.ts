export { saliency, saliencyParams } from './saliency.ts';
export { saliency as default } from './saliency.ts';
