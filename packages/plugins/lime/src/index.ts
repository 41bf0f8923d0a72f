export { lime, type LimeExtras } from './lime.ts';
export { lime as default } from './lime.ts';
export { limeParams, type LimeParams } from './params.ts';
export {
  renderLimeView,
  explanationWeights,
  type LimeView,
  type LimeViewOptions,
  type LimeViewSource,
  type RenderLimeViewOptions,
} from './view.ts';
