/** Where the path integral is sampled (alphas in [0, 1]) and how each sample is weighted. */
export interface Quadrature {
  alphas: number[];
  weights: number[];
}

export const QUADRATURE_METHODS = [
  'riemann-left',
  'riemann-right',
  'riemann-middle',
  'riemann-trapezoid',
  'gauss-legendre',
] as const;
export type QuadratureMethod = (typeof QUADRATURE_METHODS)[number];

/** The smallest step count each rule is defined for. */
export function minSteps(method: QuadratureMethod): number {
  return method === 'riemann-trapezoid' ? 2 : 1;
}

function riemann(method: Exclude<QuadratureMethod, 'gauss-legendre'>, n: number): Quadrature {
  if (method === 'riemann-trapezoid') {
    const h = 1 / (n - 1);
    return {
      alphas: Array.from({ length: n }, (_, i) => i * h),
      weights: Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? h / 2 : h)),
    };
  }
  const shift = method === 'riemann-left' ? 0 : method === 'riemann-right' ? 1 : 0.5;
  return {
    alphas: Array.from({ length: n }, (_, i) => (i + shift) / n),
    weights: new Array<number>(n).fill(1 / n),
  };
}

/** Legendre polynomial P_n(x) and its derivative, by the three-term recurrence. */
function legendre(n: number, x: number): { value: number; derivative: number } {
  let previous = 1;
  let value = x;
  for (let k = 2; k <= n; k++) {
    const next = ((2 * k - 1) * x * value - (k - 1) * previous) / k;
    previous = value;
    value = next;
  }
  if (n === 0) return { value: 1, derivative: 0 };
  return { value, derivative: (n * (x * value - previous)) / (x * x - 1) };
}

/**
 * Gauss-Legendre nodes and weights on [-1, 1]: the roots of P_n found by Newton's method from
 * the Tricomi estimate, weights 2 / ((1 - x^2) P_n'(x)^2). Exact for polynomials of degree 2n-1.
 */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`Gauss-Legendre needs a positive integer order, got ${n}`);
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      const p = legendre(n, x);
      derivative = p.derivative;
      const step = p.value / p.derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    derivative = legendre(n, x).derivative;
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    // Roots come in pairs +-x, listed here in increasing order.
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  return { nodes, weights };
}

/** The rule's points and weights on [0, 1]; the weights sum to 1. */
export function quadrature(method: QuadratureMethod, steps: number): Quadrature {
  if (!Number.isInteger(steps) || steps < minSteps(method)) {
    throw new RangeError(
      `${method} needs an integer number of steps >= ${minSteps(method)}, got ${steps}`,
    );
  }
  if (method !== 'gauss-legendre') return riemann(method, steps);
  const { nodes, weights } = gaussLegendre(steps);
  return { alphas: nodes.map((x) => (x + 1) / 2), weights: weights.map((w) => w / 2) };
}
