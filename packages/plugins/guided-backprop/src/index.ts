export {
  guidedBackprop,
  guidedBackpropParams,
  type GuidedBackpropExtras,
  type GuidedBackpropParams,
} from './guided-backprop.ts';
export { renderArticleView } from './article-view.ts';
export { guidedBackprop as default } from './guided-backprop.ts';
