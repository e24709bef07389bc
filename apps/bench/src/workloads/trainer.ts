import type { Tensor } from '@torchlet/autograd';
import { SGD } from '@torchlet/optim';
import { tfjsRunner, type Tfjs, type TfjsBackend } from '../tfjs.js';
import { loopRunner, type RunnerFactory } from '../workload.js';

// What the training workloads (mlp, lenet, lstm) share: each library's model as a trainer — one
// step on a fixed batch, and the last loss — and the runners that time it.

/** One training step on a fixed batch; `loss()` reads the last loss. */
export interface Trainer {
  step(): void;
  loss(): number;
  dispose?(): void;
}

/** torchlet's step: zeroGrad, the loss from `forward`, backward, SGD (lr). */
export function torchletSgdTrainer(parameters: Iterable<Tensor>, lr: number, forward: () => Tensor): Trainer {
  const optimizer = new SGD(parameters, { lr });
  let last: Tensor | null = null;
  return {
    step() {
      optimizer.zeroGrad();
      const loss = forward();
      loss.backward();
      optimizer.step();
      last = loss;
    },
    loss: () => last?.item() ?? Number.NaN,
  };
}

/** A runner for a trainer that needs no clean-up (torchlet, js-pytorch). */
export function trainerRunner(make: () => Trainer): RunnerFactory {
  return () => {
    const trainer = make();
    return loopRunner(trainer.step, () => ({ finalLoss: trainer.loss() }));
  };
}

/** A runner for a tfjs trainer on `backend`, disposed after the case. */
export function tfjsTrainerRunner(backend: TfjsBackend, make: (tf: Tfjs) => Trainer): RunnerFactory {
  return tfjsRunner(backend, (tf) => {
    const trainer = make(tf);
    return { step: trainer.step, dispose: trainer.dispose!, values: () => ({ finalLoss: trainer.loss() }) };
  });
}
