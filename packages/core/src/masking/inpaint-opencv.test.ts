import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inpaint, type InpaintMethod } from './inpaint.ts';

interface OpenCvCase {
  name: string;
  height: number;
  width: number;
  radius: number;
  image: string;
  holes: string;
  telea: string;
  ns: string;
}

// Outputs of cv2.inpaint on 8-bit images, made by fixtures/make-opencv-inpaint.py.
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/opencv-inpaint.json', import.meta.url), 'utf8'),
) as {
  opencv: string;
  cases: OpenCvCase[];
};
const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));

describe.each(['telea', 'ns'] as InpaintMethod[])(
  `parity with OpenCV ${fixture.opencv} cv2.inpaint (%s)`,
  (method) => {
    it.each(fixture.cases.map((c) => [c.name, c] as const))(
      '%s: equal bit for bit in 8-bit mode',
      (_name, c) => {
        const shape = { height: c.height, width: c.width, channels: 3 };
        const expected = bytes(c[method]);
        const out = inpaint(Float32Array.from(bytes(c.image)), shape, bytes(c.holes), method, {
          radius: c.radius,
          eightBit: true,
        });
        expect(Array.from(out)).toEqual(Array.from(expected));
      },
    );

    it.each(fixture.cases.map((c) => [c.name, c] as const))(
      '%s: within two grey levels on average in float mode',
      (_name, c) => {
        const shape = { height: c.height, width: c.width, channels: 3 };
        const expected = bytes(c[method]);
        const holes = bytes(c.holes);
        const out = inpaint(Float32Array.from(bytes(c.image)), shape, holes, method, {
          radius: c.radius,
        });
        let error = 0;
        let count = 0;
        for (let p = 0; p < holes.length; p++) {
          if (!holes[p]) continue;
          for (let ch = 0; ch < 3; ch++)
            error += Math.abs((out[p * 3 + ch] as number) - (expected[p * 3 + ch] as number));
          count += 3;
        }
        expect(error / count).toBeLessThan(2);
      },
    );
  },
);
