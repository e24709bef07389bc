// TextEncoder and TextDecoder are globals in every browser, worker and Node >= 11, but the ES2022
// lib this package compiles against does not declare them. Declaring the little we use here,
// rather than pulling in the DOM lib, keeps Node- and DOM-only APIs out of the core's types.
declare const TextEncoder: new () => { encode(input: string): Uint8Array };
declare const TextDecoder: new (
  label: 'utf-8',
  options: { fatal: boolean; ignoreBOM: boolean },
) => { decode(input: Uint8Array): string };

const encoder = new TextEncoder();
// fatal: reject invalid UTF-8 instead of replacing it with U+FFFD. ignoreBOM: keep a leading
// byte-order mark in the text (so JSON.parse rejects it, as the reference reader does) instead
// of silently dropping it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The text, or `undefined` when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A lone surrogate cannot be written as UTF-8 (and serde_json rejects its `\u` escape). */
export function isWellFormed(text: string): boolean {
  return !/\p{Surrogate}/u.test(text);
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 encodings and so
 * the order of Rust's `String::cmp` used by the reference writer. Plain `<` compares UTF-16 code
 * units, which puts astral characters (surrogates, 0xD800-0xDFFF) before U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) - codePointOrder(y);
  }
  return a.length - b.length;
}

function codePointOrder(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
