import type { ReactNode } from 'react';

export function Spinner({ label }: { label?: string }) {
  return (
    <span
      className="spinner"
      role="presentation"
      aria-hidden={label ? undefined : true}
      title={label}
    />
  );
}

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <Spinner /> <span>{label}</span>
    </div>
  );
}

export function ErrorState({
  error,
  title = 'Something went wrong',
  retry,
}: {
  error: Error | string;
  title?: string;
  retry?: () => void;
}) {
  const message = typeof error === 'string' ? error : error.message;
  return (
    <div className="state-error" role="alert">
      <p>
        <strong>{title}.</strong> {message}
      </p>
      {retry ? (
        <p>
          <button type="button" className="btn" onClick={retry}>
            Try again
          </button>
        </p>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state">
      <p>
        <strong>{title}</strong>
      </p>
      {children ? <div>{children}</div> : null}
    </div>
  );
}
