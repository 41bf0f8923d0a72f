'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import { PageHeader } from '../../components/page-header.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import type { DeviceClass, NewRunOptionsQuery } from '../../generated/graphql/graphql.ts';
import { gqlRequest } from '../../lib/graphql-client.ts';
import { useQuery } from '../../lib/use-query.ts';
import { createRunMutation } from '../shared/documents.ts';
import { newRunOptionsQuery } from './documents.ts';
import { ImageSource, type ImageSelection } from './image-source.tsx';
import { MethodPicker } from './method-picker.tsx';
import type { ParamsFormHandle } from './params-form.tsx';
import { buildRunInput, type TargetChoice } from './run-input.ts';
import { TargetsField } from './targets-field.tsx';

function NewRunForm({ options }: { options: NewRunOptionsQuery }) {
  const id = useId();
  const router = useRouter();
  const search = useSearchParams();
  const versions = options.models.flatMap((m) =>
    m.versions.map((v) => ({ ...v, modelName: m.name })),
  );
  const initialVersion =
    versions.find((v) => v.id === search.get('version'))?.id ?? versions[0]?.id ?? null;
  const initialMethod =
    options.plugins.find((p) => p.name === search.get('method'))?.name ??
    options.plugins.find((p) => p.name === 'grad-cam')?.name ??
    options.plugins[0]?.name;
  const [modelVersionId, setModelVersionId] = useState<string | null>(initialVersion);
  const [methods, setMethods] = useState<string[]>(initialMethod ? [initialMethod] : []);
  const [params, setParams] = useState<Record<string, Record<string, unknown>>>({});
  const [images, setImages] = useState<ImageSelection>({
    mode: 'dataset',
    datasetId: options.datasets.find((d) => d.id === search.get('dataset'))?.id ?? null,
    imageIds: [],
  });
  const [targets, setTargets] = useState<TargetChoice>({ kind: 'top', k: 1 });
  const [seed, setSeed] = useState('0');
  const [batchSize, setBatchSize] = useState('');
  const [deviceClass, setDeviceClass] = useState<DeviceClass>('ANY');
  const [priority, setPriority] = useState('0');
  const [backgroundDatasetId, setBackgroundDatasetId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const formRefs = useRef(new Map<string, ParamsFormHandle>());
  const summaryRef = useRef<HTMLDivElement>(null);

  const version = versions.find((v) => v.id === modelVersionId);
  const needsBackground = methods.some(
    (name) => options.plugins.find((p) => p.name === name)?.requires.background,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const paramsValid = [...formRefs.current.values()]
      .map((form) => form.validate())
      .every(Boolean);
    const built = buildRunInput({
      modelVersionId,
      methods: methods.map((name) => ({ name, params: params[name] ?? {} })),
      images,
      targets,
      seed,
      batchSize,
      deviceClass,
      priority,
      backgroundDatasetId,
      needsBackground,
    });
    const problems = built.ok ? [] : built.errors;
    if (!paramsValid)
      problems.push({
        field: 'methods',
        message: 'Some parameters are invalid: see the messages under the fields.',
      });
    if (!built.ok || problems.length) {
      setErrors(problems);
      summaryRef.current?.focus();
      return;
    }
    setSubmitting(true);
    setErrors([]);
    try {
      const { createRun } = await gqlRequest(createRunMutation, { input: built.input });
      if (createRun.error || !createRun.run) {
        setErrors([
          {
            field: createRun.error?.path?.join('.') ?? 'run',
            message: createRun.error?.message ?? 'the run was not created',
          },
        ]);
        summaryRef.current?.focus();
        return;
      }
      router.push(`/runs/${createRun.run.id}`);
    } catch (e) {
      setErrors([{ field: 'run', message: (e as Error).message }]);
      summaryRef.current?.focus();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="New run"
      className="stack"
      style={{ gap: '1rem' }}
    >
      <div ref={summaryRef} tabIndex={-1} aria-live="assertive">
        {errors.length ? (
          <div className="state-error" role="alert">
            <p>
              <strong>The run cannot start yet:</strong>
            </p>
            <ul>
              {errors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <div className="card stack">
        <div className="field">
          <label htmlFor={`${id}-version`}>Model version</label>
          <select
            id={`${id}-version`}
            value={modelVersionId ?? ''}
            onChange={(e) => setModelVersionId(e.target.value || null)}
          >
            <option value="">Choose a model version…</option>
            {options.models.map((model) => (
              <optgroup key={model.id} label={model.name}>
                {model.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {model.name} {v.version} ({v.inputSpec.height}×{v.inputSpec.width},{' '}
                    {v.classNames.length} classes)
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
      </div>
      <div className="card">
        <MethodPicker
          plugins={options.plugins}
          chosen={methods}
          params={params}
          formRefs={formRefs}
          onToggle={(name, on) =>
            setMethods(on ? [...methods, name] : methods.filter((m) => m !== name))
          }
          onParams={(name, value) => setParams((previous) => ({ ...previous, [name]: value }))}
        />
      </div>
      <div className="card">
        <ImageSource datasets={options.datasets} value={images} onChange={setImages} />
      </div>
      <div className="card">
        <TargetsField
          value={targets}
          classNames={version?.classNames ?? []}
          onChange={setTargets}
        />
      </div>
      <details className="card">
        <summary>
          <strong>Advanced</strong>{' '}
          <span className="muted small">
            seed, batch size, device, priority{needsBackground ? ', background' : ''}
          </span>
        </summary>
        <div className="toolbar" style={{ marginTop: '0.75rem' }}>
          <div className="field">
            <label htmlFor={`${id}-seed`}>Seed</label>
            <input
              id={`${id}-seed`}
              type="number"
              min={0}
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-batch`}>Batch size</label>
            <input
              id={`${id}-batch`}
              type="number"
              min={1}
              placeholder="default"
              value={batchSize}
              onChange={(e) => setBatchSize(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-device`}>Device</label>
            <select
              id={`${id}-device`}
              value={deviceClass}
              onChange={(e) => setDeviceClass(e.target.value as DeviceClass)}
            >
              <option value="ANY">Any worker</option>
              <option value="CPU">CPU workers</option>
              <option value="GPU">GPU workers</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <input
              id={`${id}-priority`}
              type="number"
              value={priority}
              onChange={(e) => setPriority(e.target.value)}
            />
          </div>
        </div>
      </details>
      {needsBackground ? (
        <div className="card field">
          <label htmlFor={`${id}-background`}>Background dataset</label>
          <select
            id={`${id}-background`}
            value={backgroundDatasetId ?? ''}
            onChange={(e) => setBackgroundDatasetId(e.target.value || null)}
          >
            <option value="">Choose a dataset…</option>
            {options.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.size} images)
              </option>
            ))}
          </select>
          <span className="help">
            Reference images for methods that integrate over a background distribution (Expected
            Gradients).
          </span>
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submitting}>
          {submitting ? 'Starting…' : 'Start run'}
        </button>
      </div>
    </form>
  );
}

export function NewRunPage() {
  const options = useQuery(newRunOptionsQuery, {});
  return (
    <>
      <PageHeader
        title="New run"
        subtitle="Explain images with one model version and one or more methods. Parameter forms come from each method's schema."
      />
      {options.error ? (
        <ErrorState
          error={options.error}
          title="Could not load models, datasets and methods"
          retry={options.refetch}
        />
      ) : null}
      {options.loading ? <LoadingState /> : null}
      {options.data && options.data.models.length === 0 ? (
        <EmptyState title="No models yet">
          Upload a model through the API first (POST /v1/uploads, then createModel and
          createModelVersion).
        </EmptyState>
      ) : null}
      {options.data && options.data.models.length > 0 ? (
        <NewRunForm options={options.data} />
      ) : null}
    </>
  );
}
