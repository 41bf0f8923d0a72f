'use client';

import { useId, useState } from 'react';
import { LoadingState, ErrorState } from '../../components/states.tsx';
import type { NewRunOptionsQuery } from '../../generated/graphql/graphql.ts';
import { blobUrl } from '../../lib/blob-url.ts';
import { useQuery } from '../../lib/use-query.ts';
import { datasetImagesQuery } from '../compare/documents.ts';
import { ACCEPTED_IMAGE_TYPES, uploadImages } from './upload.ts';

export type SourceMode = 'dataset' | 'pick' | 'upload';

export interface ImageSelection {
  mode: SourceMode;
  datasetId: string | null;
  /** Picked from a dataset, or just uploaded. */
  imageIds: string[];
}

interface Thumb {
  id: string;
  url: string;
  filename: string | null;
  label: string | null;
}

function Thumbnails({
  images,
  selected,
  onToggle,
}: {
  images: readonly Thumb[];
  selected: readonly string[];
  onToggle: (id: string, on: boolean) => void;
}) {
  return (
    <div className="thumbs" role="group" aria-label="Images">
      {images.map((image) => {
        const name = image.filename ?? image.id.slice(0, 8);
        return (
          <label key={image.id} className="thumb">
            <input
              type="checkbox"
              checked={selected.includes(image.id)}
              onChange={(e) => onToggle(image.id, e.target.checked)}
              aria-label={`Select ${name}`}
            />
            <img src={blobUrl(image.url)} alt="" loading="lazy" />
            <span style={{ overflowWrap: 'anywhere' }}>
              {name}
              {image.label ? <span className="muted"> · {image.label}</span> : null}
            </span>
          </label>
        );
      })}
    </div>
  );
}

function DatasetPicker({
  datasetId,
  selected,
  onChange,
}: {
  datasetId: string;
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  const [first, setFirst] = useState(60);
  const images = useQuery(datasetImagesQuery, { id: datasetId, first });
  if (images.error)
    return (
      <ErrorState error={images.error} title="Could not list the images" retry={images.refetch} />
    );
  if (images.loading || !images.data) return <LoadingState label="Loading images…" />;
  const connection = images.data.dataset?.images;
  if (!connection || connection.edges.length === 0)
    return <p className="muted">This dataset has no images.</p>;
  const nodes = connection.edges.map((e) => e.node);
  return (
    <div className="stack">
      <div className="row">
        <span className="muted small">
          {selected.length} selected of {connection.totalCount}
        </span>
        <button
          type="button"
          className="btn small"
          onClick={() => onChange([...new Set([...selected, ...nodes.map((n) => n.id)])])}
        >
          Select all shown
        </button>
        <button
          type="button"
          className="btn small"
          onClick={() => onChange([])}
          disabled={selected.length === 0}
        >
          Clear
        </button>
      </div>
      <Thumbnails
        images={nodes}
        selected={selected}
        onToggle={(id, on) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id))}
      />
      {connection.pageInfo.hasNextPage ? (
        <button
          type="button"
          className="btn"
          onClick={() => setFirst(Math.min(200, first + 60))}
          disabled={first >= 200}
        >
          Show more images
        </button>
      ) : null}
    </div>
  );
}

function Uploader({ onUploaded }: { onUploaded: (images: Thumb[]) => void }) {
  const id = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [datasetName, setDatasetName] = useState('uploads');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Thumb[]>([]);
  const upload = async () => {
    setBusy(true);
    setError(null);
    try {
      const { images } = await uploadImages(files, datasetName.trim() || 'uploads');
      setDone(images);
      onUploaded(images);
      setFiles([]);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={`${id}-files`}>Images (PNG, JPEG or WebP)</label>
          <input
            id={`${id}-files`}
            type="file"
            multiple
            accept={ACCEPTED_IMAGE_TYPES.join(',')}
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-dataset`}>Add them to dataset</label>
          <input
            id={`${id}-dataset`}
            type="text"
            value={datasetName}
            onChange={(e) => setDatasetName(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="btn"
          disabled={busy || files.length === 0}
          onClick={upload}
        >
          {busy ? 'Uploading…' : `Upload ${files.length || ''} image(s)`}
        </button>
      </div>
      {error ? (
        <p role="alert" style={{ color: 'var(--bad)' }}>
          Upload failed: {error}
        </p>
      ) : null}
      {done.length ? (
        <>
          <p role="status">{done.length} image(s) stored and selected for the run.</p>
          <Thumbnails images={done} selected={done.map((d) => d.id)} onToggle={() => undefined} />
        </>
      ) : null}
    </div>
  );
}

/** Which images the run explains: a whole dataset, images picked from one, or new uploads. */
export function ImageSource({
  datasets,
  value,
  onChange,
}: {
  datasets: NewRunOptionsQuery['datasets'];
  value: ImageSelection;
  onChange: (value: ImageSelection) => void;
}) {
  const id = useId();
  const modes: { mode: SourceMode; label: string }[] = [
    { mode: 'dataset', label: 'A whole dataset' },
    { mode: 'pick', label: 'Images picked from a dataset' },
    { mode: 'upload', label: 'Upload images' },
  ];
  return (
    <fieldset>
      <legend>Images</legend>
      <div className="checks" style={{ marginBottom: '0.6rem' }}>
        {modes.map((m) => (
          <label key={m.mode}>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={value.mode === m.mode}
              onChange={() => onChange({ ...value, mode: m.mode, imageIds: [] })}
            />
            {m.label}
          </label>
        ))}
      </div>
      {value.mode !== 'upload' ? (
        <div className="field" style={{ marginBottom: '0.6rem' }}>
          <label htmlFor={`${id}-dataset`}>Dataset</label>
          <select
            id={`${id}-dataset`}
            value={value.datasetId ?? ''}
            onChange={(e) =>
              onChange({ ...value, datasetId: e.target.value || null, imageIds: [] })
            }
          >
            <option value="">Choose a dataset…</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.size} images)
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {value.mode === 'pick' && value.datasetId ? (
        <DatasetPicker
          datasetId={value.datasetId}
          selected={value.imageIds}
          onChange={(imageIds) => onChange({ ...value, imageIds })}
        />
      ) : null}
      {value.mode === 'upload' ? (
        <Uploader
          onUploaded={(images) => onChange({ ...value, imageIds: images.map((i) => i.id) })}
        />
      ) : null}
    </fieldset>
  );
}
