import { LumenError } from '../errors.ts';
import { closestNames } from './layer-search.ts';

/** A class an explanation is about. */
export interface Target {
  index: number;
  label: string;
  /** The model's probability for this class on the explained image. */
  probability: number;
  /** 1 for the top prediction, 2 for the next... */
  rank: number;
}

/**
 * Which classes to explain: 'top1' / 'top3' (the k most probable), a class index,
 * a label, or a list of those.
 */
export type TargetSpec = string | number | readonly (string | number)[];

/** Class indices sorted by decreasing probability. */
export function rankClasses(probabilities: ArrayLike<number>): number[] {
  return Array.from({ length: probabilities.length }, (_, i) => i).sort(
    (a, b) => (probabilities[b] as number) - (probabilities[a] as number) || a - b,
  );
}

export function topK(probabilities: ArrayLike<number>, classNames: readonly string[], k: number): Target[] {
  const ranked = rankClasses(probabilities);
  return ranked.slice(0, Math.max(0, k)).map((index, i) => ({
    index,
    label: classNames[index] ?? `class_${index}`,
    probability: probabilities[index] as number,
    rank: i + 1,
  }));
}

export function resolveTargets(
  spec: TargetSpec,
  probabilities: ArrayLike<number>,
  classNames: readonly string[],
): Target[] {
  const ranked = rankClasses(probabilities);
  const rankOf = new Map(ranked.map((index, i) => [index, i + 1]));
  const make = (index: number): Target => ({
    index,
    label: classNames[index] ?? `class_${index}`,
    probability: probabilities[index] as number,
    rank: rankOf.get(index) ?? 0,
  });
  const one = (item: string | number): Target[] => {
    if (typeof item === 'number' || /^\d+$/.test(item)) {
      const index = Number(item);
      if (!Number.isInteger(index) || index < 0 || index >= classNames.length) {
        throw new LumenError('TARGET_INVALID', `class index ${item} is out of range; the model has ${classNames.length} classes (0..${classNames.length - 1})`, {
          details: { target: item, classes: classNames.length },
        });
      }
      return [make(index)];
    }
    const top = /^top(\d+)$/i.exec(item.trim());
    if (top) {
      const k = Number(top[1]);
      if (k < 1 || k > classNames.length) {
        throw new LumenError('TARGET_INVALID', `'${item}' asks for ${k} classes; the model has ${classNames.length}`);
      }
      return ranked.slice(0, k).map(make);
    }
    const index = classNames.indexOf(item);
    if (index >= 0) return [make(index)];
    const similar = closestNames(item, classNames);
    throw new LumenError(
      'TARGET_INVALID',
      `unknown class '${item}'.${similar.length ? ` Did you mean ${similar.map((s) => `'${s}'`).join(', ')}?` : ''} Use top1, topK, a class index or one of the model's labels.`,
      { details: { target: item, similar } },
    );
  };
  const items: readonly (string | number)[] =
    typeof spec === 'string' && spec.includes(',') ? spec.split(',').map((s) => s.trim()) : Array.isArray(spec) ? spec : [spec as string | number];
  const seen = new Set<number>();
  const targets: Target[] = [];
  for (const item of items) {
    for (const target of one(item)) {
      if (!seen.has(target.index)) {
        seen.add(target.index);
        targets.push(target);
      }
    }
  }
  if (targets.length === 0) throw new LumenError('TARGET_INVALID', 'no target class was named');
  return targets;
}
