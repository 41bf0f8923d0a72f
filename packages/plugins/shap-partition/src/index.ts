export {
  shapPartition,
  shapPartitionParams,
  type ShapPartitionExtras,
  type ShapPartitionParams,
} from './shap-partition.ts';
export {
  owenValues,
  type NodeCredit,
  type OwenOptions,
  type OwenResult,
  type PartitionGame,
} from './owen.ts';
export { shapPartition as default } from './shap-partition.ts';
