import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { encodePng } from '@lumen/core';
import { generateDemoDataset, type DemoSample } from '@lumen/core/demo';
import { authenticate } from '../auth/api-keys.ts';
import type { Run, Team } from '../generated/prisma/client.ts';
import type { AppContext } from '../services/app-context.ts';
import { findOrCreateDataset, setImageMask, storeImages } from '../services/images.ts';
import { storeModelVersion } from '../services/models.ts';
import { createRun } from '../services/runs.ts';
import { createTeamWithKey } from '../services/teams.ts';

const require = createRequire(import.meta.url);
export const DEMO_MODELS_DIR = path.join(path.dirname(require.resolve('@lumen/core/package.json')), 'demo-models');

export const DEMO = {
  team: 'Demo',
  model: 'demo-shapes',
  dataset: 'demo-shapes',
  background: 'demo-background',
  /** Held-out indices, far from the training and test ranges the models were built with. */
  seed: 2026,
  startIndex: 5_000_000,
  images: 24,
  backgroundImages: 8,
  methods: [{ name: 'grad-cam' }, { name: 'occlusion' }] as { name: string; params?: Record<string, unknown> }[],
};

function maskPng(sample: DemoSample, mask: Uint8Array): Promise<Uint8Array> {
  const data = new Uint8Array(mask.length * 3);
  for (let i = 0; i < mask.length; i++) data.fill(mask[i] ? 255 : 0, i * 3, i * 3 + 3);
  return encodePng({ width: sample.width, height: sample.height, data });
}

async function demoFiles(version: string) {
  const dir = path.join(DEMO_MODELS_DIR, version);
  const names = (await fs.readdir(dir)).filter((name) => name === 'model.json' || name === 'lumen.json' || name.endsWith('.bin'));
  return Promise.all(names.map(async (name) => ({ path: name, bytes: new Uint8Array(await fs.readFile(path.join(dir, name))) })));
}

/**
 * The embedded default's demo: a team and its key, the two demo model versions (v1 learned a
 * spurious corner mark, v2 did not), demo images with object and cue masks, and one run per
 * version (Grad-CAM and Occlusion) so the dashboard's comparison has something to show.
 * Idempotent: running it again reuses what exists.
 */
export async function seedDemo(app: AppContext, options: { log?: (line: string) => void } = {}): Promise<{ team: Team; keyFile: string; apiKey: string; runs: (Run & { label: string })[] }> {
  const log = options.log ?? (() => undefined);
  const keyFile = path.join(app.config.LUMEN_DATA_DIR, 'demo-api-key');
  let apiKey = existsSync(keyFile) ? (await fs.readFile(keyFile, 'utf8')).trim() : '';
  let principal = await authenticate(app.db, apiKey);
  if (!principal) {
    const created = await createTeamWithKey(app.db, DEMO.team, 'demo');
    apiKey = created.key.key;
    await fs.mkdir(path.dirname(keyFile), { recursive: true });
    await fs.writeFile(keyFile, `${apiKey}\n`, { mode: 0o600 });
    principal = { teamId: created.team.id, apiKeyId: created.key.id };
  }
  const teamId = principal.teamId;
  const team = await app.db.team.findUniqueOrThrow({ where: { id: teamId } });

  const model = await app.db.model.upsert({
    where: { teamId_name: { teamId, name: DEMO.model } },
    update: {},
    create: { teamId, name: DEMO.model, description: 'Demo shapes classifier: v1 learned a spurious corner mark on triangles, v2 was trained on clean data.' },
  });
  const versions = new Map<string, string>();
  for (const version of ['v1', 'v2']) {
    const existing = await app.db.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } } });
    const row = existing ?? (await storeModelVersion(app, model, version, await demoFiles(version)));
    if (!existing) log(`stored demo model ${DEMO.model} ${version}`);
    versions.set(version, row.id);
  }

  const dataset = await findOrCreateDataset(app, teamId, DEMO.dataset, 'Held-out demo shapes, each with the corner mark v1 learned to rely on; object and cue masks attached.');
  if ((await app.db.datasetImage.count({ where: { datasetId: dataset.id } })) === 0) {
    const samples = generateDemoDataset({ seed: DEMO.seed, count: DEMO.images, startIndex: DEMO.startIndex, cueOverride: 'present' });
    const files = await Promise.all(samples.map(async (s) => ({ name: `${s.index}-${s.label}.png`, bytes: await encodePng({ width: s.width, height: s.height, data: s.image }) })));
    const images = await storeImages(app, teamId, files, { dataset, labels: Object.fromEntries(samples.map((s, i) => [files[i]?.name ?? '', s.label])) });
    for (const [i, image] of images.entries()) {
      const sample = samples[i] as DemoSample;
      await setImageMask(app, teamId, { imageId: image.id, kind: 'object', png: await maskPng(sample, sample.mask) });
      if (sample.hasCue) await setImageMask(app, teamId, { imageId: image.id, kind: 'cue', png: await maskPng(sample, sample.cueMask) });
    }
    log(`stored ${images.length} demo images with object and cue masks`);
  }
  const background = await findOrCreateDataset(app, teamId, DEMO.background, 'Demo shapes without the mark, for methods that need a background set.');
  if ((await app.db.datasetImage.count({ where: { datasetId: background.id } })) === 0) {
    const samples = generateDemoDataset({ seed: DEMO.seed + 1, count: DEMO.backgroundImages, startIndex: DEMO.startIndex, cueOverride: 'absent' });
    const files = await Promise.all(samples.map(async (s) => ({ name: `bg-${s.index}-${s.label}.png`, bytes: await encodePng({ width: s.width, height: s.height, data: s.image }) })));
    await storeImages(app, teamId, files, { dataset: background });
  }

  const runs: (Run & { label: string })[] = [];
  for (const [version, versionId] of versions) {
    const { run } = await createRun(app, teamId, {
      modelVersionId: versionId,
      datasetId: dataset.id,
      methods: DEMO.methods,
      targets: 'top1',
      idempotencyKey: `demo-${version}`,
    });
    runs.push({ ...run, label: `${DEMO.model} ${version}: ${DEMO.methods.map((m) => m.name).join(' + ')}` });
  }
  return { team, keyFile, apiKey, runs };
}
