import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingState } from '../../../components/states.tsx';
import { ModelPage } from '../../../features/models/model-page.tsx';

export const metadata: Metadata = { title: 'Model' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState />}>
      <ModelPage id={id} />
    </Suspense>
  );
}
