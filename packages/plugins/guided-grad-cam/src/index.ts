export {
  guidedGradCam,
  guidedGradCamParams,
  type GuidedGradCamExtras,
  type GuidedGradCamParams,
} from './guided-grad-cam.ts';
export { guidedGradCam as default } from './guided-grad-cam.ts';
