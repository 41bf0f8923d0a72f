import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingState } from '../../components/states.tsx';
import { RunsPage } from '../../features/runs/runs-page.tsx';

export const metadata: Metadata = { title: 'Runs' };

export default function Page() {
  return (
    <Suspense fallback={<LoadingState />}>
      <RunsPage />
    </Suspense>
  );
}
