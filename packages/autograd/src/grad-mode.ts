/**
 * Whether ops record the graph. Scopes (`noGrad`, `enableGrad`) stack; the innermost open scope
 * decides. A scope around an async function stays open until its promise settles, so `await`s
 * inside it keep the mode — but, as the mode is process-wide (JavaScript has no thread-local
 * state that is cheap to read on every op), other work that runs during those awaits sees it too.
 */
interface Scope {
  readonly enabled: boolean;
}

let baseEnabled = true;
let enabled = true;
const scopes: Scope[] = [];

function refresh(): void {
  enabled = scopes.length === 0 ? baseEnabled : scopes[scopes.length - 1]!.enabled;
}

function close(scope: Scope): void {
  // Scopes close innermost-first except when an async scope outlives its caller's scope.
  if (scopes[scopes.length - 1] === scope) scopes.pop();
  else {
    const at = scopes.lastIndexOf(scope);
    if (at !== -1) scopes.splice(at, 1);
  }
  refresh();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function runInScope<T>(mode: boolean, fn: () => T): T {
  const scope: Scope = { enabled: mode };
  scopes.push(scope);
  refresh();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    close(scope);
    throw error;
  }
  if (isThenable(result)) {
    return Promise.resolve(result).finally(() => close(scope)) as T;
  }
  close(scope);
  return result;
}

/** True when differentiable ops record the graph. */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs `fn` without recording the graph (PyTorch's `with torch.no_grad():`). */
export function noGrad<T>(fn: () => T): T {
  return runInScope(false, fn);
}

/** Runs `fn` with recording on, even inside `noGrad` (PyTorch's `torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return runInScope(true, fn);
}

/** Sets the mode outside any scope (PyTorch's `torch.set_grad_enabled(mode)`). */
export function setGradEnabled(mode: boolean): void {
  baseEnabled = mode;
  refresh();
}
