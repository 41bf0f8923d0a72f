import path from 'node:path';
import type { Page } from 'playwright-core';

export interface PixelStats {
  width: number;
  height: number;
  /** Variance of the pixels' luminance: 0 for a blank (uniform) canvas. */
  variance: number;
  /** A checksum of the RGBA bytes, to tell one drawing from another. */
  checksum: number;
}

/** Reads back the pixels of every canvas matching `selector`, inside the page. */
export function canvasStats(page: Page, selector: string): Promise<PixelStats[]> {
  return page.$$eval(selector, (canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0)
        return { width: 0, height: 0, variance: 0, checksum: 0 };
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0;
      let sumSquares = 0;
      let checksum = 0;
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const y =
          0.2126 * (data[i] ?? 0) + 0.7152 * (data[i + 1] ?? 0) + 0.0722 * (data[i + 2] ?? 0);
        sum += y;
        sumSquares += y * y;
        checksum =
          (checksum * 31 +
            (data[i] ?? 0) * 3 +
            (data[i + 1] ?? 0) * 5 +
            (data[i + 2] ?? 0) * 7 +
            (data[i + 3] ?? 0)) %
          1_000_000_007;
      }
      const mean = sum / n;
      return {
        width: canvas.width,
        height: canvas.height,
        variance: sumSquares / n - mean * mean,
        checksum,
      };
    }),
  );
}

/** Waits until `count` canvases matching `selector` have drawn (they set data-rendered). */
export async function waitForRendered(
  page: Page,
  selector: string,
  count: number,
  timeout = 30_000,
): Promise<void> {
  await page.waitForFunction(
    ({ selector, count }) =>
      document.querySelectorAll(`${selector}[data-rendered="true"]`).length >= count,
    { selector, count },
    { timeout },
  );
}

export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** True when the page is no wider than the viewport (nothing to scroll sideways). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

/** Errors the page itself reported (uncaught exceptions), collected for assertions. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
