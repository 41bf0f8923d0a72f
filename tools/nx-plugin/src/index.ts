export { explainerGenerator } from './generators/explainer/generator.ts';
export type { ExplainerGeneratorOptions } from './generators/explainer/options.ts';
