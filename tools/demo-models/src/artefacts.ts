import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf, tfl } from '@lumen/core';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'group1-shard1of1.bin';

/** Saves a LayersModel as `model.json` + one weight shard (the TF.js LayersModel format). */
export async function saveLayersModel(
  model: tfl.LayersModel,
  dir: string,
): Promise<{ weightBytes: number }> {
  await mkdir(dir, { recursive: true });
  let weightBytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (
        !artifacts.modelTopology ||
        !artifacts.weightSpecs ||
        artifacts.weightData === undefined
      ) {
        throw new Error('the model produced no topology or weights to save');
      }
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      weightBytes = weights.byteLength;
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      await writeFile(join(dir, MODEL_FILE), `${JSON.stringify(modelJson)}\n`);
      await writeFile(join(dir, WEIGHTS_FILE), weights);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return { weightBytes };
}

interface ModelJsonFile {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Loads a LayersModel saved in `dir` from the files' contents (no file:// handler needed). */
export async function loadLayersModelFrom(dir: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8')) as ModelJsonFile;
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const shards = await Promise.all(
    json.weightsManifest.flatMap((group) => group.paths).map((path) => readFile(join(dir, path))),
  );
  const weightData = tf.io.CompositeArrayBuffer.join(
    shards.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
  );
  return tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }),
  );
}
