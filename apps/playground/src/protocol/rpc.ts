// The messages between the page and its workers. A worker serves methods; a call sends a request
// and gets progress messages (an epoch finished) and then one result or one error.

/** One method: what it is asked, what it reports on the way, what it returns. */
export interface Method<Request, Progress, Result> {
  readonly request: Request;
  readonly progress: Progress;
  readonly result: Result;
}

/** A worker's methods by name. */
export type Api = { readonly [name: string]: Method<unknown, unknown, unknown> };

export interface CallMessage<A extends Api> {
  readonly id: number;
  readonly method: keyof A & string;
  readonly request: A[keyof A]['request'];
}

export type ReplyMessage =
  | { readonly id: number; readonly kind: 'progress'; readonly value: unknown }
  | { readonly id: number; readonly kind: 'result'; readonly value: unknown }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };
