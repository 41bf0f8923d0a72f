import { SingleBar } from 'cli-progress';
import type { ProgressEvent } from '@lumen/core';

/** A progress bar with an ETA on stderr, or nothing when stderr is not a terminal. */
export function progressBar(label: string, enabled = process.stderr.isTTY === true): {
  update(event: ProgressEvent): void;
  stop(): void;
} {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {stage} | ETA {eta_formatted} | {elapsed}s`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  });
  let started = false;
  return {
    update(event) {
      const payload = { stage: event.stage ?? 'working', elapsed: (event.elapsedMs / 1000).toFixed(1) };
      if (!started) {
        bar.start(1000, 0, payload);
        started = true;
      }
      bar.update(Math.round(event.fraction * 1000), payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
