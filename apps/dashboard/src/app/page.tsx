import { redirect } from 'next/navigation';
import { ErrorState } from '../components/states.tsx';
import { demoComparisonPath } from '../features/compare/landing.ts';
import { landingQuery } from '../features/compare/documents.ts';
import { serverQuery } from '../server/graphql.ts';

export const dynamic = 'force-dynamic';

/** The dashboard opens on the demo comparison (v1 against v2) when the demo model is there. */
export default async function Home() {
  let path: string | null;
  try {
    const data = await serverQuery(landingQuery);
    path = demoComparisonPath(data, {
      model: process.env['LUMEN_DEMO_MODEL'] || 'demo-shapes',
      dataset: process.env['LUMEN_DEMO_DATASET'] || 'demo-shapes',
      method: process.env['LUMEN_DEMO_METHOD'] || 'grad-cam',
    });
  } catch (error) {
    return <ErrorState error={error as Error} title="The dashboard cannot reach the Lumen API" />;
  }
  redirect(path ?? '/compare');
}
