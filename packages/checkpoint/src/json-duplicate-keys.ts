/** A key that appears twice in one JSON object, and the keys of the objects around it. */
export interface DuplicateKey {
  readonly key: string;
  /** Keys leading from the top-level object to the one holding the duplicate (empty at the top). */
  readonly path: readonly string[];
}

interface Frame {
  /** Keys seen so far; `undefined` for an array. */
  readonly keys: Set<string> | undefined;
  /** The key this value is stored under in its parent object, if any. */
  readonly name: string | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * Finds the first key repeated within one object, at any depth. `JSON.parse` silently keeps the
 * last of two equal keys, so a file could show one reader one tensor and another reader another;
 * safetensors headers must not be ambiguous. `text` must already be valid JSON (call this after
 * `JSON.parse` succeeded): the scanner only tracks strings, brackets and commas. Keys are compared
 * after unescaping, so `"a"` and `"\u0061"` are the same key. Iterative, so deep nesting cannot
 * overflow the stack.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let expectingKey = false;
  let lastKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      const top = stack[stack.length - 1];
      if (expectingKey && top?.keys !== undefined) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (top.keys.has(key)) return { key, path: pathOf(stack) };
        top.keys.add(key);
        lastKey = key;
        expectingKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const parent = stack[stack.length - 1];
      const name = parent?.keys !== undefined ? lastKey : undefined;
      stack.push({ keys: c === OPEN_OBJECT ? new Set() : undefined, name });
      expectingKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      expectingKey = false;
    } else if (c === COMMA) {
      expectingKey = stack[stack.length - 1]?.keys !== undefined;
    }
  }
  return undefined;
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return text.length;
}

function pathOf(stack: readonly Frame[]): string[] {
  const path: string[] = [];
  for (const frame of stack) if (frame.name !== undefined) path.push(frame.name);
  return path;
}
