import { Node } from '../node.js';
import { plain, record1, tracks } from '../record.js';
import type { Tensor } from '../tensor.js';

class LogBackward0 extends Node {
  get name(): string {
    return 'LogBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a] = this.saved() as [Tensor];
    return [grad.div(a)];
  }
}

class Log1PBackward0 extends Node {
  get name(): string {
    return 'Log1PBackward0';
  }
  backward(grad: Tensor): (Tensor | null)[] {
    const [a] = this.saved() as [Tensor];
    return [grad.div(a.add(1))];
  }
}

/** Natural logarithm. */
export function log(a: Tensor): Tensor {
  const out = a.array.log();
  if (!tracks(a)) return plain(out);
  const node = new LogBackward0();
  node.saveForBackward(a);
  return record1(node, out, a);
}

/** ln(1 + a), accurate for small a. */
export function log1p(a: Tensor): Tensor {
  const out = a.array.log1p();
  if (!tracks(a)) return plain(out);
  const node = new Log1PBackward0();
  node.saveForBackward(a);
  return record1(node, out, a);
}
