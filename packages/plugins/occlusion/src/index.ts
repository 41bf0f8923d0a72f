export {
  occlusion,
  occlusionParams,
  type OcclusionExtras,
  type OcclusionParams,
} from './occlusion.ts';
export { occlusion as default } from './occlusion.ts';
