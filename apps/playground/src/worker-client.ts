// The page side of ./protocol/rpc.ts: calls a worker's methods and routes its replies.
import type { Api, CallMessage, ReplyMessage } from './protocol/rpc.js';

interface Pending {
  progress(value: unknown): void;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WorkerClient<A extends Api> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Set once the worker has failed to start or died: every call fails with it. */
  private broken: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<ReplyMessage>) => this.receive(event.data));
    // A worker that cannot start (a script the page's policy refuses, a syntax error) fails every call.
    worker.addEventListener('error', (event) => this.failAll(new Error(`worker failed: ${event.message}`)));
    worker.addEventListener('messageerror', () => this.failAll(new Error('worker sent a message that cannot be read')));
  }

  /** Calls `method`; `onProgress` hears each progress message (an epoch) before the result. */
  call<M extends keyof A & string>(
    method: M,
    request: A[M]['request'],
    onProgress: (value: A[M]['progress']) => void = () => {},
    transfer: Transferable[] = [],
  ): Promise<A[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.broken !== null) {
        reject(this.broken);
        return;
      }
      this.pending.set(id, { progress: onProgress as (value: unknown) => void, resolve, reject });
      const message: CallMessage<A> = { id, method, request };
      this.worker.postMessage(message, transfer);
    });
  }

  private receive(reply: ReplyMessage): void {
    const call = this.pending.get(reply.id);
    if (call === undefined) return;
    if (reply.kind === 'progress') {
      call.progress(reply.value);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.kind === 'result') call.resolve(reply.value);
    else call.reject(new Error(reply.message));
  }

  private failAll(error: Error): void {
    if (this.broken === null) console.error(error.message);
    this.broken = error;
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }
}
