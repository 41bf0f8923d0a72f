import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingState } from '../../../components/states.tsx';
import { RunPage } from '../../../features/runs/run-page.tsx';

export const metadata: Metadata = { title: 'Run' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <RunPage id={id} />
    </Suspense>
  );
}
