import type { Page } from 'playwright-core';
import { PAGE_STEP_TIMEOUT } from './chromium.js';

/** Strokes as points in the drawing box, (0, 0) top left to (1, 1) bottom right. */
const DIGITS = {
  one: [
    [
      [0.42, 0.2],
      [0.56, 0.1],
      [0.56, 0.9],
    ],
  ],
  zero: [
    Array.from({ length: 41 }, (_, i) => {
      const angle = (i / 40) * 2 * Math.PI;
      return [0.5 + 0.27 * Math.sin(angle), 0.5 - 0.38 * Math.cos(angle)];
    }),
  ],
} as const;

/**
 * Clears the digits panel's canvas, draws `digit` with mouse events, waits for the prediction of
 * that very drawing and returns the predicted class.
 */
export async function drawDigit(page: Page, digit: keyof typeof DIGITS): Promise<string | null> {
  const panel = page.locator('#digits');
  await panel.locator('[data-action=clear]').click();
  const canvas = panel.locator('canvas');
  const box = await canvas.boundingBox();
  if (box === null) throw new Error('the drawing canvas is not on screen');
  const at = ([x, y]: readonly number[]) => [box.x + x! * box.width, box.y + y! * box.height] as const;
  for (const stroke of DIGITS[digit]) {
    const [first, ...rest] = stroke.map(at);
    await page.mouse.move(...first!);
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(...point, { steps: 4 });
    await page.mouse.up();
  }
  await page.waitForFunction(
    () => {
      const data = document.getElementById('digits')!.dataset;
      return data['drawing'] !== undefined && data['predictedDrawing'] === data['drawing'];
    },
    undefined,
    { timeout: PAGE_STEP_TIMEOUT },
  );
  return panel.getAttribute('data-predicted');
}
