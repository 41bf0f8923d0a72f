import { Command, CommanderError, Option } from 'commander';
import { COLORMAP_NAMES } from '@lumen/core';
import { compareCommand } from './commands/compare.ts';
import { explainCommand } from './commands/explain.ts';
import { createRunCommand, showRunCommand, waitRunCommand } from './commands/runs.ts';
import { uploadImagesCommand, uploadModelCommand } from './commands/upload.ts';
import { inspectModelCommand } from './commands/models-inspect.ts';
import { listPluginsCommand } from './commands/plugins-list.ts';
import { EXIT, reportError } from './output.ts';
import { findConfig } from './plugins.ts';

export function buildProgram(): Command {
  const program = new Command('lumen')
    .description('Lumen: explain what image classifiers look at.')
    .option('--config <file>', 'lumen.config.json naming the plugins to load (default: nearest one, or the built-in plugins)')
    .showHelpAfterError()
    .exitOverride();

  const modelFlags = (command: Command): Command =>
    command
      .option('--input-size <HxW>', "model input size, for models without a lumen.json sidecar (e.g. 224x224)")
      .option('--preprocess <mode>', 'input preprocessing: none, tf (-1..1), caffe or torch')
      .option('--channel-order <order>', 'RGB or BGR')
      .option('--labels <file>', 'class names: one per line, a JSON list, or a Keras class index')
      .option('--output <kind>', "what the model outputs: probabilities or logits (default: inferred)")
      .option('--backend <name>', 'auto, tensorflow, wasm or cpu (default: $LUMEN_BACKEND or auto)');

  modelFlags(
    program
      .command('explain')
      .description('explain one prediction: writes overlay.png, heatmap.png, attribution.npy and result.json')
      .requiredOption('--model <dir>', 'TF.js model folder (model.json + shards)')
      .requiredOption('--image <file>', 'PNG, JPEG or WebP image')
      .requiredOption('--method <name>', 'explainer plugin name (see: lumen plugins list)')
      .requiredOption('--out <dir>', 'folder to write the results to')
      .option('--target <spec>', 'top1, topK, a class index, a label, or a comma-separated list', 'top1')
      .option('--params <json>', "plugin params as JSON, or @file.json (e.g. '{\"layer\":\"conv5\"}')")
      .option('--seed <n>', 'random seed: same seed, same explanation', '0')
      .option('--batch-size <n>', 'images per model call')
      .addOption(new Option('--colormap <name>', 'heatmap colours').choices([...COLORMAP_NAMES]))
      .option('--alpha <a>', 'heatmap weight in the overlay, 0..1', '0.4')
      .option('--quiet', 'no progress bar or summary')
      .option('--json', 'print result.json to stdout'),
  ).action(async (options) => explainCommand({ ...options, config: findConfig(program.opts()['config']) }));

  const models = program.command('models').description('inspect models');
  modelFlags(
    models
      .command('inspect')
      .argument('<dir>', 'TF.js model folder')
      .description('list layers with output shapes, the input spec and the classes')
      .option('--json', 'machine-readable output'),
  ).action(async (dir, options) => inspectModelCommand(dir, options));

  const plugins = program.command('plugins').description('explainer plugins');
  plugins
    .command('list')
    .description('registered plugins and their params')
    .option('--json', 'machine-readable output (params as JSON Schema)')
    .action(async (options) => listPluginsCommand({ ...options, config: findConfig(program.opts()['config']) }));

  const apiFlags = (command: Command): Command =>
    command
      .option('--api <url>', 'Lumen API (default: $LUMEN_API_URL or http://127.0.0.1:4000)')
      .option('--api-key <key>', 'team API key (default: $LUMEN_API_KEY, $LUMEN_API_KEY_FILE, or .lumen/demo-api-key)');
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const exitWith = (code: number) => {
    process.exitCode = code;
  };

  const upload = program.command('upload').description('send models and images to the Lumen API');
  apiFlags(
    upload
      .command('model')
      .argument('<dir>', 'TF.js model folder')
      .description('upload a model folder as a new version (prints the version id)')
      .requiredOption('--name <name>', 'model name (created if missing)')
      .requiredOption('--version <version>', "version label, e.g. 'v2'")
      .option('--input-size <HxW>', 'input size, for models without lumen.json')
      .option('--preprocess <mode>', 'none, tf, caffe or torch')
      .option('--json', 'print JSON'),
  ).action(async (dir, options) => uploadModelCommand(dir, options));
  apiFlags(
    upload
      .command('images')
      .argument('<files...>', 'PNG, JPEG or WebP files')
      .description('upload images (prints their ids)')
      .option('--dataset <name>', 'also add them to this dataset (created if missing)')
      .option('--json', 'print JSON'),
  ).action(async (files, options) => uploadImagesCommand(files, options));

  const runs = program.command('runs').description('explanation runs on the Lumen API');
  apiFlags(
    runs
      .command('create')
      .description('queue a run (prints its id; --wait to follow it)')
      .requiredOption('--model-version <id>', 'model version id')
      .option('--dataset <name|id>', 'explain every image of a dataset')
      .option('--images <ids...>', 'explain these images')
      .requiredOption('--method <name[:json]>', "method, repeatable; params as JSON after ':' (e.g. lime:'{\"numSamples\":500}')", collect)
      .option('--targets <spec>', 'top1, topK, an index, a label or a comma-separated list', 'top1')
      .option('--seed <n>', 'random seed', '0')
      .option('--batch-size <n>', 'images per model call')
      .option('--device <class>', 'cpu, gpu or any')
      .option('--priority <n>', 'higher runs first')
      .option('--background <dataset>', 'background images for methods that need them')
      .option('--idempotency-key <key>', 'the same key twice returns the same run')
      .option('--wait', 'wait for the run to end (exit 0 only if it succeeds)')
      .option('--json', 'print JSON'),
  ).action(async (options) => exitWith(await createRunCommand(options)));
  apiFlags(
    runs
      .command('wait')
      .argument('<id>', 'run id')
      .description('follow a run with a progress bar; exit 0 only if it succeeds')
      .option('--timeout <seconds>', 'give up after this long')
      .option('--quiet', 'no progress bar')
      .option('--json', 'print the final state as JSON'),
  ).action(async (id, options) => exitWith(await waitRunCommand(id, options)));
  apiFlags(runs.command('show').argument('<id>', 'run id').description('a run, its explanations and metrics').option('--json', 'print JSON')).action(
    async (id, options) => showRunCommand(id, options),
  );

  apiFlags(
    program
      .command('compare')
      .argument('<versionA>', 'model version id (the baseline)')
      .argument('<versionB>', 'model version id (the candidate)')
      .description('compare two model versions on the same images; --fail-if gates a release (exit 3)')
      .requiredOption('--method <name>', 'explainer used by both runs')
      .option('--dataset <name|id>', 'only the images of this dataset')
      .option('--images <ids...>', 'only these images')
      .option('--fail-if <expr>', "e.g. 'energyOnCue.b > 0.1' or 'pointingGame.delta < 0' (repeatable)", collect)
      .option('--json', 'print JSON'),
  ).action(async (a, b, options) => exitWith(await compareCommand(a, b, options)));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    process.exitCode = undefined;
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(error);
  }
}
