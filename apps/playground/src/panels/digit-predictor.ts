// The digits panel's link to its worker's `predict`: the latest drawing, one request at a time.
import type { digitsWorker } from '../workers.js';

type Digits = ReturnType<typeof digitsWorker>;

/** A drawing's pixels and its version (how many changes made it). */
export interface Drawing {
  readonly pixels: number[];
  readonly version: number;
}

/**
 * Asks for a prediction of the latest drawing, one request at a time: strokes made while one is
 * on its way are predicted together when it returns.
 */
export function predictor(worker: Digits, show: (probabilities: number[], drawing: Drawing) => void) {
  let busy = false;
  let waiting: Drawing | null = null;
  const send = (drawing: Drawing) => {
    busy = true;
    worker.call('predict', { pixels: drawing.pixels }).then(
      ({ probabilities }) => {
        show(probabilities, drawing);
        busy = false;
        if (waiting !== null) {
          const next = waiting;
          waiting = null;
          send(next);
        }
      },
      (error: unknown) => {
        busy = false;
        console.error('digits: prediction failed:', error);
      },
    );
  };
  return (drawing: Drawing) => {
    if (busy) waiting = drawing;
    else send(drawing);
  };
}
