import { encodePng } from '@lumen/core';
import { generateDemoDataset } from '@lumen/core/demo';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseDelta } from '../src/lib/format.ts';
import { apiClient } from './api-client.ts';
import { openBrowser, type BrowserSession } from './browser.ts';
import {
  canvasStats,
  collectPageErrors,
  fitsWidth,
  screenshot,
  waitForRendered,
} from './page-helpers.ts';
import { waitFor } from './processes.ts';

const stack = inject('stack');
const api = apiClient(stack.apiUrl, stack.apiKey);
const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

let session: BrowserSession;
let page: Page;
let pageErrors: string[];
/** Every URL the browser requested: it must only ever talk to the dashboard, never to the API. */
const requested: { url: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  session = await openBrowser();
  page = await session.context.newPage();
  pageErrors = collectPageErrors(page);
  page.on('request', (request) =>
    requested.push({ url: request.url(), authorization: request.headers()['authorization'] }),
  );
});

afterAll(async () => {
  await session?.close();
});

async function runStatus(id: string): Promise<string> {
  const { run } = await api.graphql<{ run: { status: string } | null }>(
    'query($id: ID!) { run(id: $id) { status } }',
    { id },
  );
  return run?.status ?? 'MISSING';
}

async function versionIds(): Promise<{ v1: string; v2: string; datasetId: string }> {
  const data = await api.graphql<{
    models: { name: string; versions: { id: string; version: string }[] }[];
    datasets: { id: string; name: string }[];
  }>('{ models { name versions { id version } } datasets { id name } }');
  const model = data.models.find((m) => m.name === stack.model);
  const v1 = model?.versions.find((v) => v.version === 'v1')?.id;
  const v2 = model?.versions.find((v) => v.version === 'v2')?.id;
  const datasetId = data.datasets.find((d) => d.name === stack.dataset)?.id;
  if (!v1 || !v2 || !datasetId)
    throw new Error(`seeded model ${stack.model} v1/v2 or dataset ${stack.dataset} not found`);
  return { v1, v2, datasetId };
}

/** A registered method other than Grad-CAM that needs no background set (Grad-CAM itself if none). */
async function secondMethod(): Promise<string> {
  const { plugins } = await api.graphql<{
    plugins: { name: string; requires: { background: boolean } }[];
  }>('{ plugins { name requires { background } } }');
  return plugins.find((p) => p.name !== 'grad-cam' && !p.requires.background)?.name ?? 'grad-cam';
}

describe('the dashboard, in Chromium, against a live API and worker', () => {
  it('opens on the v1-vs-v2 comparison with Grad-CAM', async () => {
    const { v1, v2, datasetId } = await versionIds();
    await page.goto(stack.dashboardUrl);
    await page.waitForURL(/\/compare\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('a')).toBe(v1);
    expect(url.searchParams.get('b')).toBe(v2);
    expect(url.searchParams.get('method')).toBe('grad-cam');
    expect(url.searchParams.get('dataset')).toBe(datasetId);
  });

  it('creates a run from the form (images uploaded through the proxy), watches it reach SUCCEEDED, and draws its heatmaps', async () => {
    const { v2 } = await versionIds();
    await page.goto(`${stack.dashboardUrl}/runs/new`);
    await page.getByLabel('Model version').selectOption(v2);

    // The Grad-CAM form comes from its JSON Schema: defaults filled in, the schema's messages shown.
    const params = page.locator('[data-params-form="grad-cam"]');
    const layer = params.getByLabel('Layer');
    await expect.poll(() => layer.inputValue()).toBe('auto');
    expect(await params.getByLabel('Normalize').isChecked()).toBe(true);
    await layer.fill('');
    await expect
      .poll(() => params.locator('.error-detail').innerText(), { timeout: 5000 })
      .toMatch(/fewer than 1 character/);
    await layer.fill('auto');
    await expect.poll(() => params.locator('.error-detail').count()).toBe(0);

    const samples = generateDemoDataset({ seed: 4242, count: 2, startIndex: 9_000_000 });
    const files = await Promise.all(
      samples.map(async (s, i) => ({
        name: `upload-${i}-${s.label}.png`,
        mimeType: 'image/png',
        buffer: Buffer.from(await encodePng({ width: s.width, height: s.height, data: s.image })),
      })),
    );
    await page.getByLabel('Upload images').check();
    await page.getByLabel('Images (PNG, JPEG or WebP)').setInputFiles(files);
    await page.getByLabel('Add them to dataset').fill('e2e-uploads');
    await page.getByRole('button', { name: /^Upload 2 image/ }).click();
    await page
      .getByText('2 image(s) stored and selected for the run.')
      .waitFor({ timeout: 30_000 });

    await page.getByLabel('How many (top-k)').fill('2');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}/, { timeout: 30_000 });
    const runId = new URL(page.url()).pathname.split('/').pop() as string;

    const seen = new Set<string>();
    await waitFor(
      'the run to finish, as the page shows it',
      async () => {
        const status = await page
          .locator('[data-run-status]')
          .getAttribute('data-run-status')
          .catch(() => null);
        if (status) seen.add(status);
        return status && FINAL.includes(status) ? status : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 100 },
    );
    expect([...seen].at(-1)).toBe('SUCCEEDED');
    expect(await runStatus(runId)).toBe('SUCCEEDED');
    const progress = page.getByRole('progressbar', { name: 'Run progress' });
    expect(await progress.getAttribute('aria-valuenow')).toBe('2');
    expect(await progress.getAttribute('aria-valuemax')).toBe('2');

    const { run } = await api.graphql<{ run: { explanations: { totalCount: number } } }>(
      'query($id: ID!) { run(id: $id) { explanations { totalCount } } }',
      { id: runId },
    );
    expect(run.explanations.totalCount).toBe(4); // 2 images x 1 method x top-2 targets
    await waitForRendered(page, 'canvas[data-heatmap]', 4);
    const heatmaps = await canvasStats(page, 'canvas[data-heatmap]');
    expect(heatmaps).toHaveLength(4);
    for (const stats of heatmaps) {
      expect(stats.width).toBeGreaterThan(0);
      expect(stats.variance).toBeGreaterThan(0);
    }
    const originals = await page.$$eval('img.original', (images) =>
      (images as HTMLImageElement[]).map((img) => ({
        complete: img.complete,
        width: img.naturalWidth,
      })),
    );
    expect(originals).toHaveLength(2);
    for (const img of originals) expect(img.width).toBeGreaterThan(0);

    // Colormap and opacity are applied in the browser, to the raw map: both change the pixels.
    const before = (await canvasStats(page, 'canvas[data-heatmap]'))[0]?.checksum;
    await page.getByLabel('Colormap').selectOption('gray');
    await expect
      .poll(async () => (await canvasStats(page, 'canvas[data-heatmap]'))[0]?.checksum)
      .not.toBe(before);
    const gray = (await canvasStats(page, 'canvas[data-heatmap]'))[0]?.checksum;
    await page.getByLabel(/Heatmap opacity/).fill('1');
    await expect
      .poll(async () => (await canvasStats(page, 'canvas[data-heatmap]'))[0]?.checksum)
      .not.toBe(gray);
    await expect.poll(() => new URL(page.url()).searchParams.get('cmap')).toBe('gray');
    await screenshot(page, stack.artifactsDir, 'run');
  });

  it('shows the same metric deltas, summary and image order as the API on the v1-vs-v2 comparison', async () => {
    await waitFor(
      'the seeded runs to finish',
      async () =>
        (await Promise.all(stack.seededRunIds.map(runStatus))).every((s) => FINAL.includes(s))
          ? true
          : undefined,
      {
        timeoutMs: 240_000,
        intervalMs: 1000,
      },
    );
    await page.goto(stack.dashboardUrl);
    await page.waitForURL(/\/compare\?/);
    const url = new URL(page.url());
    const args = {
      a: url.searchParams.get('a'),
      b: url.searchParams.get('b'),
      method: url.searchParams.get('method'),
      datasetId: url.searchParams.get('dataset'),
    };
    const { compare } = await api.graphql<{
      compare: {
        summary: string;
        metrics: {
          name: string;
          description: string;
          meanA: number | null;
          meanB: number | null;
          delta: number | null;
        }[];
        pairs: { image: { id: string } }[];
      };
    }>(
      'query($a: ID!, $b: ID!, $method: String!, $datasetId: ID) { compare(modelVersionA: $a, modelVersionB: $b, method: $method, datasetId: $datasetId) { summary metrics { name description meanA meanB delta } pairs { image { id } } } }',
      args,
    );
    expect(compare.metrics.length).toBeGreaterThan(0);

    await page.locator('[data-summary]').waitFor();
    expect((await page.locator('[data-summary]').innerText()).trim()).toBe(compare.summary);
    const rows = page.locator('table[aria-label="Metric deltas"] tbody tr');
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-metric'))),
    ).toEqual(compare.metrics.map((m) => m.name));
    for (const metric of compare.metrics) {
      const row = page.locator(`tr[data-metric="${metric.name}"]`);
      const shown = {
        delta: parseDelta(await row.locator('[data-value="delta"]').innerText()),
        meanA: Number(await row.locator('[data-value="meanA"]').innerText()),
        meanB: Number(await row.locator('[data-value="meanB"]').innerText()),
      };
      expect(
        Math.abs(shown.delta - (metric.delta as number)),
        `${metric.name} delta`,
      ).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(
        Math.abs(shown.meanA - (metric.meanA as number)),
        `${metric.name} A`,
      ).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(
        Math.abs(shown.meanB - (metric.meanB as number)),
        `${metric.name} B`,
      ).toBeLessThanOrEqual(0.0005 + 1e-9);
    }

    if (stack.mode === 'demo') {
      // The demo story, as the page shows it: v1 leans on the corner mark, v2 does not.
      // Measured with the bundled models (Grad-CAM, 24 held-out images): v1 0.129, v2 0.006.
      const cue = page.locator('tr[data-metric="energyOnCue"]');
      expect(Number(await cue.locator('[data-value="meanA"]').innerText())).toBeGreaterThan(0.08);
      expect(Number(await cue.locator('[data-value="meanB"]').innerText())).toBeLessThan(0.04);
      expect(compare.summary).toMatch(/spurious cue/);
    }

    // The description shows on keyboard focus, from the API.
    const first = compare.metrics[0] as (typeof compare.metrics)[number];
    const trigger = page.locator(`tr[data-metric="${first.name}"] .hint-trigger`);
    const bubble = page.locator(`tr[data-metric="${first.name}"] [role="tooltip"]`);
    expect(await bubble.isVisible()).toBe(false);
    await trigger.focus();
    await expect.poll(() => bubble.isVisible()).toBe(true);
    expect(await bubble.innerText()).toContain(first.description);

    const order = await page
      .locator('[data-pair]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-pair')));
    expect(order).toEqual(compare.pairs.slice(0, order.length).map((p) => p.image.id));
    expect(order.length).toBe(Math.min(8, compare.pairs.length));

    await waitForRendered(page, 'canvas[data-difference]', order.length, 60_000);
    for (const stats of await canvasStats(page, 'canvas[data-difference]'))
      expect(stats.variance).toBeGreaterThan(0);
    await waitForRendered(page, 'canvas[data-heatmap]', order.length * 2, 60_000);
    for (const stats of await canvasStats(page, 'canvas[data-heatmap]'))
      expect(stats.variance).toBeGreaterThan(0);
    await screenshot(page, stack.artifactsDir, 'compare');
  });

  it('queues the missing explanations from the comparison page and shows their progress live', async () => {
    const { v1, v2, datasetId } = await versionIds();
    const method = await secondMethod();
    await page.goto(
      `${stack.dashboardUrl}/compare?a=${v1}&b=${v2}&method=${method}&dataset=${datasetId}`,
    );
    await page.getByRole('heading', { name: 'Incomplete comparison' }).waitFor();
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-run-progress] [role="progressbar"]'))
          seen.push(el.getAttribute('aria-valuetext') ?? '');
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: /^Explain them with/ }).click();
    await page.locator('table[aria-label="Metric deltas"]').waitFor({ timeout: 150_000 });
    await expect
      .poll(
        () =>
          page
            .getByRole('heading', { name: /Incomplete comparison|Computing explanations/ })
            .count(),
        { timeout: 30_000 },
      )
      .toBe(0);
    const progressSeen = await page.evaluate(
      () => (window as unknown as { progressSeen: string[] }).progressSeen,
    );
    expect(progressSeen.length).toBeGreaterThan(0);
    expect(progressSeen.every((text) => /^\d+ of \d+$/.test(text))).toBe(true);

    const { compare } = await api.graphql<{
      compare: { missing: number; pairs: { a: { id: string } | null; b: { id: string } | null }[] };
    }>(
      'query($a: ID!, $b: ID!, $method: String!, $datasetId: ID) { compare(modelVersionA: $a, modelVersionB: $b, method: $method, datasetId: $datasetId) { missing pairs { a { id } b { id } } } }',
      { a: v1, b: v2, method, datasetId },
    );
    expect(compare.missing).toBe(0);
    expect(compare.pairs.every((p) => p.a && p.b)).toBe(true);
  });

  it("draws LIME's superpixel view from the explanation's extras", async (context) => {
    const { plugins } = await api.graphql<{ plugins: { name: string }[] }>('{ plugins { name } }');
    if (!plugins.some((p) => p.name === 'lime'))
      return context.skip('the LIME plugin is not registered');
    const { v2, datasetId } = await versionIds();
    const images = await api.graphql<{
      dataset: { images: { edges: { node: { id: string } }[] } };
    }>('query($id: ID!) { dataset(id: $id) { images(first: 1) { edges { node { id } } } } }', {
      id: datasetId,
    });
    const { createRun } = await api.graphql<{
      createRun: { run: { id: string } | null; error: { message: string } | null };
    }>(
      'mutation($input: CreateRunInput!) { createRun(input: $input) { run { id } error { message } } }',
      {
        input: {
          modelVersionId: v2,
          imageIds: [images.dataset.images.edges[0]?.node.id],
          // Quickshift scaled to 64 px: many more superpixels than the view selects, so that
          // hiding the rest must change the picture (lime's own kernel cuts a demo image into 3-6).
          methods: [
            {
              name: 'lime',
              params: {
                numSamples: 64,
                segmentation: { algorithm: 'quickshift', kernelSize: 1, maxDist: 200, ratio: 0.2 },
              },
            },
          ],
        },
      },
    );
    expect(createRun.error).toBeNull();
    const runId = createRun.run?.id as string;
    await waitFor(
      'the LIME run',
      async () => (FINAL.includes(await runStatus(runId)) ? true : undefined),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(await runStatus(runId)).toBe('SUCCEEDED');

    await page.goto(`${stack.dashboardUrl}/runs/${runId}`);
    await page.getByRole('button', { name: 'Show superpixels' }).click();
    await waitForRendered(page, 'canvas[data-superpixels]', 1);
    const [positive] = await canvasStats(page, 'canvas[data-superpixels]');
    expect(positive?.variance).toBeGreaterThan(0);
    await page.getByLabel('Hide the rest').check();
    await expect
      .poll(async () => (await canvasStats(page, 'canvas[data-superpixels]'))[0]?.checksum)
      .not.toBe(positive?.checksum);
    await expect(page.getByText(/\d+ for, \d+ against, of \d+ superpixels/).count()).resolves.toBe(
      1,
    );
    await screenshot(page, stack.artifactsDir, 'run-lime');
  });

  it('filters runs and pages through them with cursors', async () => {
    const { v1, datasetId } = await versionIds();
    const images = await api.graphql<{
      dataset: { images: { edges: { node: { id: string } }[] } };
    }>('query($id: ID!) { dataset(id: $id) { images(first: 1) { edges { node { id } } } } }', {
      id: datasetId,
    });
    const imageId = images.dataset.images.edges[0]?.node.id;
    for (let i = 0; i < 21; i++) {
      const { createRun } = await api.graphql<{ createRun: { error: { message: string } | null } }>(
        'mutation($input: CreateRunInput!) { createRun(input: $input) { error { message } } }',
        {
          input: {
            modelVersionId: v1,
            imageIds: [imageId],
            methods: [{ name: 'grad-cam', params: { upsample: 'nearest' } }],
            seed: i,
          },
        },
      );
      expect(createRun.error).toBeNull();
    }
    const { runs } = await api.graphql<{ runs: { totalCount: number } }>('{ runs { totalCount } }');
    await page.goto(`${stack.dashboardUrl}/runs`);
    await page.getByText(`Runs 1–20 of ${runs.totalCount}`).waitFor();
    expect(await page.locator('tr[data-run]').count()).toBe(20);
    const firstPage = await page
      .locator('tr[data-run]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')));
    await page.getByRole('button', { name: 'Older →' }).click();
    await page.getByText(`Runs 21–${runs.totalCount} of ${runs.totalCount}`).waitFor();
    expect(new URL(page.url()).searchParams.get('pages')).toBeTruthy();
    const secondPage = await page
      .locator('tr[data-run]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run')));
    expect(secondPage).toHaveLength(runs.totalCount - 20);
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    await page.getByRole('button', { name: '← Newer' }).click();
    await page.getByText(`Runs 1–20 of ${runs.totalCount}`).waitFor();

    await page.getByLabel('Failed').check();
    await page.getByText('No runs match these filters').waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('FAILED');
    await page.getByLabel('Failed').uncheck();
    const method = await secondMethod();
    await page.getByLabel('Method').selectOption(method);
    await expect.poll(() => new URL(page.url()).searchParams.get('method')).toBe(method);
    await expect
      .poll(async () => {
        const methods = await page.locator('tr[data-run] td:nth-child(3)').allInnerTexts();
        return methods.length > 0 && methods.every((text) => text.includes(method));
      })
      .toBe(true);
  });

  it('renders every page at laptop and tablet widths, without errors or sideways scrolling', async () => {
    const data = await api.graphql<{
      models: { id: string }[];
      runs: { edges: { node: { id: string } }[] };
    }>('{ models { id } runs(first: 1) { edges { node { id } } } }');
    const pages: [string, string, RegExp][] = [
      ['compare', '/', /Compare model versions/],
      ['runs', '/runs', /Runs/],
      ['run-tablet', `/runs/${data.runs.edges[0]?.node.id}`, /Run/],
      ['new-run', '/runs/new', /New run/],
      ['models', '/models', /Models/],
      ['model', `/models/${data.models[0]?.id}`, new RegExp(stack.model)],
      ['plugins', '/plugins', /Plugins/],
      ['workers', '/workers', /Workers/],
    ];
    for (const width of [1366, 768]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, route, heading] of pages) {
        if (width === 1366 && name === 'run-tablet') continue;
        await page.goto(`${stack.dashboardUrl}${route}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.waitForFunction(
          () =>
            document.querySelectorAll('[role="status"] .spinner, .heatmap-frame .spinner')
              .length === 0,
          undefined,
          { timeout: 60_000 },
        );
        expect(await page.locator('.state-error').count(), `${name} shows an error`).toBe(0);
        expect(await fitsWidth(page), `${name} fits ${width} px`).toBe(true);
        if (name === 'workers')
          expect(await page.locator('[data-worker]').count()).toBeGreaterThan(0);
        await screenshot(
          page,
          stack.artifactsDir,
          width === 768 ? `${name.replace('-tablet', '')}-tablet` : name,
        );
      }
    }
    expect(pageErrors).toEqual([]);
  });

  it('keeps the API key on the server: the browser only ever called the dashboard', async () => {
    expect(requested.length).toBeGreaterThan(50);
    const dashboard = new URL(stack.dashboardUrl).origin;
    const elsewhere = requested.filter(
      (r) =>
        new URL(r.url).origin !== dashboard &&
        !r.url.startsWith('data:') &&
        !r.url.startsWith('blob:'),
    );
    expect(elsewhere).toEqual([]);
    expect(requested.filter((r) => r.authorization)).toEqual([]);
    expect(
      requested.some(
        (r) => r.url.includes('/api/blob/explanations/') && r.url.endsWith('/attribution.npy'),
      ),
    ).toBe(true);
    const html = await (await fetch(`${stack.dashboardUrl}/runs`)).text();
    expect(html).not.toContain(stack.apiKey);
  });
});
