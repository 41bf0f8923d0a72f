export { baselineImage, baselineParam, baselineTensor, inputZeroColour, type Baseline, type BaselineImage } from './baseline.ts';
