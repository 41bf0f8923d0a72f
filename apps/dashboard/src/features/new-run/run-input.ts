import type { CreateRunInput, DeviceClass } from '../../generated/graphql/graphql.ts';
import type { ImageSelection } from './image-source.tsx';

export type TargetChoice = { kind: 'top'; k: number } | { kind: 'classes'; labels: string[] };

export interface NewRunForm {
  modelVersionId: string | null;
  methods: { name: string; params: Record<string, unknown> }[];
  images: ImageSelection;
  targets: TargetChoice;
  seed: string;
  batchSize: string;
  deviceClass: DeviceClass;
  priority: string;
  backgroundDatasetId: string | null;
  needsBackground: boolean;
}

export type BuiltRun =
  { ok: true; input: CreateRunInput } | { ok: false; errors: { field: string; message: string }[] };

function integer(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isInteger(value) ? value : Number.NaN;
}

/** The createRun input for the form, or what a person has to fix first (field + message). */
export function buildRunInput(form: NewRunForm): BuiltRun {
  const errors: { field: string; message: string }[] = [];
  if (!form.modelVersionId) errors.push({ field: 'model', message: 'Choose a model version.' });
  if (form.methods.length === 0)
    errors.push({ field: 'methods', message: 'Choose at least one method.' });
  const { images } = form;
  if (images.mode === 'dataset' && !images.datasetId)
    errors.push({ field: 'images', message: 'Choose a dataset.' });
  if (images.mode !== 'dataset' && images.imageIds.length === 0)
    errors.push({
      field: 'images',
      message: images.mode === 'upload' ? 'Upload at least one image.' : 'Pick at least one image.',
    });
  if (form.targets.kind === 'classes' && form.targets.labels.length === 0)
    errors.push({ field: 'targets', message: 'Choose at least one class.' });
  if (form.targets.kind === 'top' && !(Number.isInteger(form.targets.k) && form.targets.k >= 1))
    errors.push({ field: 'targets', message: 'Top-k needs a whole number k ≥ 1.' });
  const seed = integer(form.seed);
  if (seed !== null && (Number.isNaN(seed) || seed < 0))
    errors.push({ field: 'seed', message: 'The seed is a whole number ≥ 0.' });
  const batchSize = integer(form.batchSize);
  if (batchSize !== null && (Number.isNaN(batchSize) || batchSize < 1))
    errors.push({
      field: 'batchSize',
      message: 'The batch size is a whole number ≥ 1, or empty for the default.',
    });
  const priority = integer(form.priority);
  if (priority !== null && Number.isNaN(priority))
    errors.push({ field: 'priority', message: 'The priority is a whole number.' });
  if (form.needsBackground && !form.backgroundDatasetId)
    errors.push({
      field: 'background',
      message: 'A chosen method needs background images: choose a background dataset.',
    });
  if (errors.length) return { ok: false, errors };

  const input: CreateRunInput = {
    modelVersionId: form.modelVersionId as string,
    methods: form.methods.map((m) => ({ name: m.name, params: m.params })),
    targets:
      form.targets.kind === 'top'
        ? `top${form.targets.k}`
        : form.targets.labels.length === 1
          ? form.targets.labels[0]
          : form.targets.labels,
    deviceClass: form.deviceClass,
  };
  if (images.mode === 'dataset') input.datasetId = images.datasetId;
  else input.imageIds = images.imageIds;
  if (seed !== null) input.seed = seed;
  if (batchSize !== null) input.batchSize = batchSize;
  if (priority !== null) input.priority = priority;
  if (form.needsBackground && form.backgroundDatasetId)
    input.backgroundDatasetId = form.backgroundDatasetId;
  return { ok: true, input };
}
