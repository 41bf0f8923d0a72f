export { rise, riseParams, type RiseExtras, type RiseParams } from './rise.ts';
export { rise as default } from './rise.ts';
