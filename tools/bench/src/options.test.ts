import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.ts';
import { passId, parsePassId, type PassSpec } from './passes.ts';
import { passesText, spliceReadme, README_END, README_START } from './report.ts';

describe('parseOptions', () => {
  it('writes latest and the README only for a full run of everything', () => {
    const full = parseOptions([]);
    expect(full).toMatchObject({
      report: 'latest',
      readme: true,
      runs: 3,
      backend: 'wasm',
      metric: 'cpu',
      bracket: true,
      profile: 'failures',
    });
    expect(full.batchSizes).toEqual([1, 8, 16, 32, 64]);
    expect(full.memoryBudgetBytes).toBe(3 * 2 ** 30);
    expect(parseOptions(['--methods', 'lime,rise'])).toMatchObject({
      report: 'partial',
      readme: false,
      methods: ['lime', 'rise'],
    });
    expect(parseOptions(['--quick'])).toMatchObject({
      report: 'quick',
      runs: 1,
      bracket: false,
      profile: 'none',
      batchSizes: [1, 8, 32],
    });
    expect(parseOptions(['--backend', 'tensorflow']).metric).toBe('wall');
  });

  it('refuses what it cannot do, naming the option', () => {
    expect(() => parseOptions(['--models', 'vgg16'])).toThrow(
      /--models: unknown model case 'vgg16'/,
    );
    expect(() => parseOptions(['--runs', '0'])).toThrow(/--runs must be a positive integer/);
    expect(() => parseOptions(['--backend', 'webgl'])).toThrow(/--backend/);
    expect(() => parseOptions(['--report', '../x'])).toThrow(/--report/);
    expect(() => parseOptions(['--metric', 'gpu'])).toThrow(/--metric/);
  });
});

describe('pass ids', () => {
  it('round-trip', () => {
    const passes: PassSpec[] = [
      { kind: 'forward' },
      { kind: 'input-gradient', relu: 'standard' },
      { kind: 'input-gradient', relu: 'guided' },
      { kind: 'layer-gradient', layer: 'conv5_block3_out', relu: 'guided' },
    ];
    for (const pass of passes) expect(parsePassId(passId(pass))).toEqual(pass);
    expect(() => parsePassId('sideways')).toThrow(/not a pass id/);
  });

  it('read as counts of forward and forward + backward passes', () => {
    expect(
      passesText({
        forward: 3,
        'input-gradient': 16,
        'layer-gradient:last_conv': 1,
        'input-gradient/guided': 2,
      }),
    ).toBe('3 fwd + 16 fwd+bwd + 1 fwd+bwd (to last_conv) + 2 fwd+bwd (guided)');
  });
});

describe('spliceReadme', () => {
  it('replaces the marked block, or appends one', () => {
    const readme = `# Title\n\nIntro.\n\n${README_START}\nold\n${README_END}\n\nAfter.\n`;
    expect(spliceReadme(readme, 'new')).toBe(
      `# Title\n\nIntro.\n\n${README_START}\nnew\n${README_END}\n\nAfter.\n`,
    );
    expect(spliceReadme('# Title\n', 'new')).toBe(
      `# Title\n\n${README_START}\nnew\n${README_END}\n`,
    );
  });
});
