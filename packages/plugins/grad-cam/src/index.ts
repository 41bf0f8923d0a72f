export { gradCam, gradCamParams, type GradCamExtras } from './grad-cam.ts';
export { gradCam as default } from './grad-cam.ts';
