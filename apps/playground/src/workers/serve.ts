// The worker side of ../protocol/rpc.ts: answers calls, one handler per method.
import type { Api, CallMessage, ReplyMessage } from '../protocol/rpc.js';

export type Handlers<A extends Api> = {
  readonly [M in keyof A]: (
    request: A[M]['request'],
    progress: (value: A[M]['progress']) => void,
  ) => A[M]['result'] | Promise<A[M]['result']>;
};

/** Bytes in a reply move to the page instead of being copied. */
function transferables(value: unknown): Transferable[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap((v) => (v instanceof Uint8Array ? [v.buffer as ArrayBuffer] : []));
}

export function serve<A extends Api>(handlers: Handlers<A>): void {
  addEventListener('message', (event: MessageEvent<CallMessage<A>>) => {
    const { id, method, request } = event.data;
    const reply = (message: ReplyMessage, transfer: Transferable[] = []) => postMessage(message, transfer);
    // Calls run concurrently: a handler that awaits `nextTask` lets the next message in.
    void (async () => {
      try {
        const value = await handlers[method](request, (progress) => reply({ id, kind: 'progress', value: progress }));
        reply({ id, kind: 'result', value }, transferables(value));
      } catch (error) {
        reply({
          id,
          kind: 'error',
          message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    })();
  });
}

const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.addEventListener('message', () => waiting.shift()?.());
channel.port1.start(); // addEventListener, unlike onmessage, does not start the port itself

/**
 * Resolves after the messages already queued for this worker have been handled (a prediction
 * asked for while it trains). A MessageChannel hop, not setTimeout: no 4 ms clamp per epoch.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
