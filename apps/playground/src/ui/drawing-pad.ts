// An 8×8 picture drawn with the mouse, a finger or a pen, made the way the digits data set was:
// strokes on a 32×32 black-and-white bitmap, then each 4×4 block counted (0..16 inked dots), so a
// drawing gets the same darkness scale as the 1797 training digits.

const FINE = 32;
const COARSE = 8;
const BLOCK = FINE / COARSE;
/** Pen radius in bitmap dots: strokes about 3 dots wide, like the scanned digits. */
const PEN = 1.6;

export class DrawingPad {
  private readonly ink = new Uint8Array(FINE * FINE);
  private last: [number, number] | null = null;
  /** Counts the changes, so an answer can say which drawing it was for. */
  version = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onChange: (pixels: number[]) => void,
  ) {
    canvas.addEventListener('pointerdown', (event) => {
      canvas.setPointerCapture(event.pointerId);
      this.last = null;
      this.stroke(event);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (event.buttons !== 0) this.stroke(event);
    });
    const lift = () => {
      this.last = null;
    };
    canvas.addEventListener('pointerup', lift);
    canvas.addEventListener('pointercancel', lift);
    this.render();
  }

  /** 64 darkness values 0..16, row by row. */
  pixels(): number[] {
    const out = new Array<number>(COARSE * COARSE).fill(0);
    for (let y = 0; y < FINE; y++)
      for (let x = 0; x < FINE; x++)
        out[Math.floor(y / BLOCK) * COARSE + Math.floor(x / BLOCK)]! += this.ink[y * FINE + x]!;
    return out;
  }

  clear(): void {
    this.ink.fill(0);
    this.changed();
  }

  private stroke(event: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const point: [number, number] = [
      ((event.clientX - rect.left) / rect.width) * FINE,
      ((event.clientY - rect.top) / rect.height) * FINE,
    ];
    const from = this.last ?? point;
    // Dots every half pen radius along the segment, so a fast stroke has no gaps.
    const steps = Math.max(1, Math.ceil(Math.hypot(point[0] - from[0], point[1] - from[1]) / (PEN / 2)));
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      this.dot(from[0] + (point[0] - from[0]) * t, from[1] + (point[1] - from[1]) * t);
    }
    this.last = point;
    this.changed();
  }

  private dot(cx: number, cy: number): void {
    for (let y = Math.floor(cy - PEN); y <= Math.ceil(cy + PEN); y++)
      for (let x = Math.floor(cx - PEN); x <= Math.ceil(cx + PEN); x++)
        if (x >= 0 && x < FINE && y >= 0 && y < FINE && Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= PEN)
          this.ink[y * FINE + x] = 1;
  }

  private changed(): void {
    this.version++;
    this.render();
    this.onChange(this.pixels());
  }

  /** The 8×8 picture the network sees, large: each cell as dark as its count. */
  private render(): void {
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    const { width, height } = this.canvas;
    const cell = width / COARSE;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    this.pixels().forEach((value, i) => {
      context.fillStyle = `rgba(20, 20, 30, ${value / 16})`;
      context.fillRect((i % COARSE) * cell, Math.floor(i / COARSE) * cell, cell, cell);
    });
    context.strokeStyle = '#d8dce6';
    for (let k = 1; k < COARSE; k++) {
      context.beginPath();
      context.moveTo(k * cell, 0);
      context.lineTo(k * cell, height);
      context.moveTo(0, k * cell);
      context.lineTo(width, k * cell);
      context.stroke();
    }
  }
}
