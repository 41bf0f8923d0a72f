export function ProgressBar({
  done,
  total,
  status,
  label,
}: {
  done: number;
  total: number;
  status?: string;
  label: string;
}) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const tone =
    status === 'FAILED' || status === 'CANCELLED' ? 'failed' : status === 'SUCCEEDED' ? 'done' : '';
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total}`}
      >
        <div className={`progress-fill ${tone}`} style={{ width: `${fraction * 100}%` }} />
      </div>
      <span className="small muted mono">
        {done}/{total}
      </span>
    </div>
  );
}
