const DX = [1, -1, 0, 0] as const;
const DY = [0, 0, 1, -1] as const;

/**
 * SLIC's post-processing, as scikit-image's `_enforce_label_connectivity_cython` in 2-D:
 * every 4-connected component of a label becomes its own segment (components are grown
 * breadth-first up to maxSize pixels); components smaller than minSize join the last
 * already-labelled neighbour found during their search. New labels count from startLabel
 * in raster order of each component's first pixel.
 */
export function enforceConnectivity(
  labels: Int32Array,
  width: number,
  height: number,
  minSize: number,
  maxSize: number,
  startLabel = 0,
): Int32Array {
  const unset = startLabel - 1;
  const out = new Int32Array(labels.length).fill(unset);
  const queue = new Int32Array(Math.max(1, maxSize));
  let next = startLabel;
  for (let start = 0; start < labels.length; start++) {
    if ((out[start] as number) > unset) continue;
    const label = labels[start] as number;
    let adjacent = next;
    out[start] = next;
    queue[0] = start;
    let size = 1;
    let visited = 0;
    while (visited < size && size < maxSize) {
      const p = queue[visited] as number;
      const x = p % width;
      const y = (p - x) / width;
      for (let i = 0; i < 4; i++) {
        const xx = x + (DX[i] as number);
        const yy = y + (DY[i] as number);
        if (xx < 0 || xx >= width || yy < 0 || yy >= height) continue;
        const q = yy * width + xx;
        const assigned = out[q] as number;
        if (labels[q] === label && assigned === unset) {
          out[q] = next;
          queue[size++] = q;
          if (size >= maxSize) break;
        } else if (assigned > unset && assigned !== next) {
          adjacent = assigned;
        }
      }
      visited++;
    }
    if (size < minSize) {
      for (let i = 0; i < size; i++) out[queue[i] as number] = adjacent;
    } else {
      next++;
    }
  }
  return out;
}
