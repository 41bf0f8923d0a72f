/**
 * The kinds of model pass an explanation is charged for. A pass is identified by whether a
 * gradient was taken through it and, if so, with respect to what (the input pixels or a fed
 * layer) and with which ReLU rule: each kind has its own reference throughput.
 */
export type ReluRule = 'standard' | 'guided';

export type PassSpec =
  | { kind: 'forward' }
  | { kind: 'input-gradient'; relu: ReluRule }
  | { kind: 'layer-gradient'; layer: string; relu: ReluRule };

export const FORWARD: PassSpec = { kind: 'forward' };
export const INPUT_GRADIENT: PassSpec = { kind: 'input-gradient', relu: 'standard' };

export function passId(pass: PassSpec): string {
  switch (pass.kind) {
    case 'forward':
      return 'forward';
    case 'input-gradient':
      return pass.relu === 'guided' ? 'input-gradient/guided' : 'input-gradient';
    case 'layer-gradient':
      return `layer-gradient:${pass.layer}${pass.relu === 'guided' ? '/guided' : ''}`;
  }
}

export function parsePassId(id: string): PassSpec {
  if (id === 'forward') return FORWARD;
  const guided = id.endsWith('/guided');
  const relu: ReluRule = guided ? 'guided' : 'standard';
  const base = guided ? id.slice(0, -'/guided'.length) : id;
  if (base === 'input-gradient') return { kind: 'input-gradient', relu };
  if (base.startsWith('layer-gradient:')) {
    return { kind: 'layer-gradient', layer: base.slice('layer-gradient:'.length), relu };
  }
  throw new Error(`not a pass id: '${id}'`);
}

/** How a pass reads in a report. */
export function describePass(pass: PassSpec): string {
  const guided = 'relu' in pass && pass.relu === 'guided' ? ', guided ReLU' : '';
  switch (pass.kind) {
    case 'forward':
      return 'forward';
    case 'input-gradient':
      return `forward + backward to the input${guided}`;
    case 'layer-gradient':
      return `forward + backward to layer ${pass.layer}${guided}`;
  }
}

export const isGradientPass = (pass: PassSpec): boolean => pass.kind !== 'forward';
