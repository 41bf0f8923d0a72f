import { LumenError, articleNormalize, type AttributionMap, type RgbImage } from '@lumen/core';

/**
 * The article's display of a pixel map: normalise all values together to mean 0.5 and std
 * 0.25, clip to [0, 1], scale by 255 and truncate to 8 bits (numpy's astype(uint8)), which
 * is where this differs from core's renderPixelMap (it rounds). The sign survives only as
 * brighter or darker than mid-grey.
 */
export function renderArticleView(map: AttributionMap): RgbImage {
  const [height, width, channels = 1] = map.shape;
  if ((channels !== 1 && channels !== 3) || map.data.length !== height * width * channels) {
    throw new LumenError(
      'SHAPE_MISMATCH',
      `renderArticleView shows [height, width, 3] or [height, width] maps with matching data, got shape [${map.shape.join(', ')}] and ${map.data.length} values`,
    );
  }
  const unit = articleNormalize(map.data);
  const data = new Uint8Array(height * width * 3);
  for (let i = 0; i < data.length; i++) {
    const v = unit[channels === 3 ? i : Math.floor(i / 3)] as number;
    data[i] = Math.trunc(Math.fround(v * 255));
  }
  return { width, height, data };
}
