import { checkpointError, type ErrorContext } from './errors.js';

/**
 * A number whose JSON text is not plain digits: negative, with a fraction or with an exponent
 * (`-1`, `1.5`, `0e0`, `-0`). The text is kept because the reference reader (serde_json reading
 * into `usize`) treats `0e0` or `-0` as a float and refuses it where an integer is expected, even
 * though its value is an integer.
 */
export class JsonNumber {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}

/**
 * A parsed header value. Plain non-negative integers (`0`, `42`) are numbers; every other number
 * is a `JsonNumber`. Objects are plain objects whose keys are all own properties, `__proto__`
 * included; the metadata map is handed on as it is parsed, with no second copy.
 */
export type HeaderValue = string | number | boolean | null | JsonNumber | HeaderValue[] | HeaderObject;
export interface HeaderObject {
  [key: string]: HeaderValue;
}

export function isHeaderObject(value: HeaderValue): value is HeaderObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

/**
 * The deepest a safetensors header nests: the header object (1), a tensor entry or the metadata
 * map (2), and a field's array (3), as in `{"w": {"shape": [1, 2]}}`. Nothing valid goes deeper,
 * so anything deeper is refused as soon as it opens: a header of a million `[` costs no more than
 * its first four.
 */
const MAX_DEPTH = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** What the parser hands over while it reads, so a caller can refuse a header at its first bad value. */
export interface HeaderVisitor {
  /** A top-level key and its value, as soon as the value is complete; the parser keeps only the key. */
  member(key: string, value: HeaderValue): void;
  /** A key and value inside a top-level object (an entry's field, a metadata item), before it is stored. */
  field?(parent: string, key: string, value: HeaderValue): void;
}

/**
 * Parses the JSON text of a safetensors header in one pass, with work linear in its length and
 * memory proportional to what it keeps, handing each top-level member to `visitor` as soon as it
 * is complete (so the caller can validate and drop it before the next one is read). Returns
 * `undefined` for a header that is an object, and the value itself for valid JSON that is not.
 *
 * Strict where `JSON.parse` is lenient and the reference reader is not: a key repeated in one
 * object is an error (`JSON.parse` keeps the last, so two readers could see different tensors),
 * lone UTF-16 surrogates in `\u` escapes are refused (serde_json refuses them), and containers
 * deeper than a header can be are refused when they open.
 */
export function parseHeaderJson(text: string, context: ErrorContext, visitor: HeaderVisitor): HeaderValue | undefined {
  return new Parser(text, context, visitor).parseTop();
}

class Parser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly context: ErrorContext,
    private readonly visitor: HeaderVisitor,
  ) {}

  parseTop(): HeaderValue | undefined {
    this.skipWhitespace();
    let other: HeaderValue | undefined;
    if (this.text.charCodeAt(this.position) === OPEN_OBJECT) this.parseObject(1, [], new Set());
    else other = this.parseValue(1, []);
    this.skipWhitespace();
    if (this.position < this.text.length) this.fail(`unexpected ${this.found()} after the JSON value`);
    return other;
  }

  private parseValue(depth: number, path: readonly string[]): HeaderValue {
    const c = this.text.charCodeAt(this.position);
    if (c === QUOTE) return this.parseString();
    if (c === OPEN_OBJECT) return this.parseObject(depth, path);
    if (c === OPEN_ARRAY) return this.parseArray(depth, path);
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.parseNumber();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    return this.fail(this.position < this.text.length ? `unexpected ${this.found()}` : 'unexpected end of input');
  }

  /**
   * An object; the top-level one (given `topKeys`) hands each member to the visitor and keeps only
   * its key, to catch a repeat.
   */
  private parseObject(depth: number, path: readonly string[], topKeys?: Set<string>): HeaderObject {
    this.enter(depth, 'an object', path);
    const object: HeaderObject = {};
    this.position++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.position) === CLOSE_OBJECT) {
      this.position++;
      return object;
    }
    for (;;) {
      if (this.text.charCodeAt(this.position) !== QUOTE) this.fail(`expected a string key, found ${this.found()}`);
      const key = this.parseString();
      if (topKeys === undefined ? Object.hasOwn(object, key) : topKeys.has(key)) {
        const where = path.length === 0 ? 'the header' : `the header's ${formatPath(path)}`;
        throw checkpointError(
          this.context,
          `duplicate key ${JSON.stringify(key)} in ${where}; readers would disagree on which one counts`,
          tensorOf(path),
        );
      }
      this.skipWhitespace();
      this.expect(COLON, "':' after a key");
      this.skipWhitespace();
      const value = this.parseValue(depth + 1, path.length === 0 ? [key] : [...path, key]);
      if (topKeys !== undefined) {
        topKeys.add(key);
        this.visitor.member(key, value);
      } else {
        if (depth === 2) this.visitor.field?.(path[0]!, key, value);
        // A plain assignment of "__proto__" would set the prototype instead of a key.
        if (key === '__proto__')
          Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        else object[key] = value;
      }
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.position);
      this.position++;
      if (next === CLOSE_OBJECT) return object;
      if (next !== COMMA) this.fail(`expected ',' or '}' in an object, found ${this.found(-1)}`, -1);
      this.skipWhitespace();
    }
  }

  private parseArray(depth: number, path: readonly string[]): HeaderValue[] {
    this.enter(depth, 'an array', path);
    this.position++;
    this.skipWhitespace();
    // Sized up front when its items can be counted, so a shape of millions of dimensions takes
    // 8 bytes per item, not the two or three times that growing by push costs.
    const array: HeaderValue[] = new Array(this.countItems());
    if (this.text.charCodeAt(this.position) === CLOSE_ARRAY) {
      this.position++;
      return array;
    }
    for (let index = 0; ; index++) {
      const item = this.parseValue(depth + 1, path);
      if (index < array.length) array[index] = item;
      else array.push(item);
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.position);
      this.position++;
      if (next === CLOSE_ARRAY) return array;
      if (next !== COMMA) this.fail(`expected ',' or ']' in an array, found ${this.found(-1)}`, -1);
      this.skipWhitespace();
    }
  }

  /**
   * The items of the array whose contents start at `position`, counted by its commas, if it holds
   * only scalars up to its `]`; otherwise 0 (a nested container is refused when it is reached, and
   * invalid JSON when it is parsed, so the count only needs to be right for valid arrays).
   */
  private countItems(): number {
    const text = this.text;
    if (text.charCodeAt(this.position) === CLOSE_ARRAY) return 0;
    let count = 1;
    for (let i = this.position; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === COMMA) count++;
      else if (c === CLOSE_ARRAY) return count;
      else if (c === OPEN_ARRAY || c === OPEN_OBJECT) return 0;
      else if (c === QUOTE) {
        for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      }
    }
    return 0;
  }

  /** Refuses a container that opens deeper than any valid header nests. */
  private enter(depth: number, kind: string, path: readonly string[]): void {
    if (depth <= MAX_DEPTH) return;
    const where = path.length === 0 ? 'the header' : `the header's ${formatPath(path)}`;
    throw checkpointError(
      this.context,
      `${where} is nested too deeply: ${kind} at character ${this.position} of the header opens level ${depth}, but a safetensors header is an object of entries whose fields are strings or flat arrays of integers (at most ${MAX_DEPTH} levels)`,
      tensorOf(path),
    );
  }

  private parseString(): string {
    const text = this.text;
    const start = this.position + 1;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.position = i + 1;
        return text.slice(start, i);
      }
      if (c < 0x20) this.controlCharacter(i);
      if (c === BACKSLASH) return this.parseEscapedString(start, i);
    }
    this.position = text.length;
    return this.fail('unterminated string');
  }

  /**
   * A string with escapes, from its first backslash on. Its code units go into one typed array
   * (the string is never longer than its JSON text), which keeps a string of a million escapes
   * as cheap as a plain one: no piece per escape.
   */
  private parseEscapedString(start: number, backslash: number): string {
    const text = this.text;
    let end = backslash;
    while (end < text.length && text.charCodeAt(end) !== QUOTE) end += text.charCodeAt(end) === BACKSLASH ? 2 : 1;
    const units = new Uint16Array(end - start);
    let length = 0;
    for (let i = start; i < backslash; i++) units[length++] = text.charCodeAt(i);
    this.position = backslash;
    for (;;) {
      const i = this.position;
      if (i >= text.length) return this.fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.position = i + 1;
        return fromCodeUnits(units, length);
      }
      if (c < 0x20) this.controlCharacter(i);
      if (c === BACKSLASH) length = this.parseEscape(units, length);
      else {
        units[length++] = c;
        this.position = i + 1;
      }
    }
  }

  private controlCharacter(at: number): never {
    this.position = at;
    return this.fail('a control character (U+0000 to U+001F) inside a string; it must be escaped');
  }

  /** One escape at `position` (the backslash) into `units` at `length`; returns the new length. */
  private parseEscape(units: Uint16Array, length: number): number {
    const letter = this.text[this.position + 1];
    if (letter !== 'u') {
      const escaped = letter === undefined || !Object.hasOwn(ESCAPES, letter) ? undefined : ESCAPES[letter];
      if (escaped === undefined) this.fail(`invalid escape ${JSON.stringify(`\\${letter ?? ''}`)} in a string`);
      this.position += 2;
      units[length] = escaped.charCodeAt(0);
      return length + 1;
    }
    const unit = this.hexEscape();
    if (unit >= 0xdc00 && unit <= 0xdfff) this.fail(`lone trailing surrogate \\u${hex(unit)} in a string`, -6);
    units[length] = unit;
    if (unit < 0xd800 || unit > 0xdbff) return length + 1;
    // A leading surrogate must be followed by its trailing half, as serde_json requires: a lone
    // one names no character and cannot be written as UTF-8.
    if (this.text[this.position] !== '\\' || this.text[this.position + 1] !== 'u') {
      this.fail(`lone leading surrogate \\u${hex(unit)} in a string`, -6);
    }
    const trailing = this.hexEscape();
    if (trailing < 0xdc00 || trailing > 0xdfff) {
      this.fail(`leading surrogate \\u${hex(unit)} followed by \\u${hex(trailing)}, not a trailing surrogate`, -6);
    }
    units[length + 1] = trailing;
    return length + 2;
  }

  /** `\uXXXX` at `position`: its code unit; leaves `position` after it. */
  private hexEscape(): number {
    const digits = this.text.slice(this.position + 2, this.position + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('\\u must be followed by four hex digits');
    this.position += 6;
    return Number.parseInt(digits, 16);
  }

  /** JSON's number grammar; plain non-negative integers become numbers, the rest `JsonNumber`s. */
  private parseNumber(): number | JsonNumber {
    const text = this.text;
    const start = this.position;
    let i = start;
    let plain = true;
    if (text.charCodeAt(i) === MINUS) {
      plain = false;
      i++;
    }
    const first = text.charCodeAt(i);
    if (first === ZERO) i++;
    else if (first > ZERO && first <= NINE) i = digitsFrom(text, i);
    else this.fail('a number needs a digit after its sign', i - start);
    if (text.charCodeAt(i) === DOT) {
      plain = false;
      const end = digitsFrom(text, i + 1);
      if (end === i + 1) this.fail('a number needs digits after its decimal point', i + 1 - start);
      i = end;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      plain = false;
      i++;
      const sign = text.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) i++;
      const end = digitsFrom(text, i);
      if (end === i) this.fail('a number needs digits in its exponent', i - start);
      i = end;
    }
    this.position = i;
    // Short plain integers (every valid dimension and offset) are computed from their digits
    // without a substring; anything else goes through Number(), which rounds exactly.
    if (plain && i - start <= 15) {
      let value = 0;
      for (let k = start; k < i; k++) value = value * 10 + (text.charCodeAt(k) - ZERO);
      return value;
    }
    const literal = text.slice(start, i);
    const value = Number(literal);
    return plain ? value : new JsonNumber(literal, value);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let i = this.position;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.position = i;
  }

  private expect(code: number, what: string): void {
    if (this.text.charCodeAt(this.position) !== code) this.fail(`expected ${what}, found ${this.found()}`);
    this.position++;
  }

  /** Describes the character at `position + shift`. */
  private found(shift = 0): string {
    const at = this.position + shift;
    if (at >= this.text.length) return 'the end of the header';
    const c = this.text.codePointAt(at)!;
    return c < 0x20 || c === 0x7f ? `U+${hex(c)}` : JSON.stringify(String.fromCodePoint(c));
  }

  private fail(problem: string, shift = 0): never {
    throw checkpointError(
      this.context,
      `header is not valid JSON (${problem} at character ${this.position + shift} of the header)`,
    );
  }
}

const LITERALS: readonly (readonly [string, HeaderValue])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

function digitsFrom(text: string, start: number): number {
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (!(c >= ZERO && c <= NINE)) return i;
    i++;
  }
}

/** The string of `units[0, length)`, converted in chunks small enough to pass as arguments. */
function fromCodeUnits(units: Uint16Array, length: number): string {
  const chunks: string[] = [];
  for (let i = 0; i < length; i += 8192) {
    chunks.push(String.fromCharCode(...units.subarray(i, Math.min(length, i + 8192))));
  }
  return chunks.join('');
}

function hex(unit: number): string {
  return unit.toString(16).padStart(4, '0');
}

/** `"w".shape`, `"__metadata__"."k"`: the keys leading to a value, as error messages show them. */
function formatPath(path: readonly string[]): string {
  return path.map((key, i) => (i === 0 || !/^[A-Za-z_]\w*$/.test(key) ? JSON.stringify(key) : key)).join('.');
}

/** The tensor a path is inside, if any (the metadata map is not a tensor). */
function tensorOf(path: readonly string[]): string | undefined {
  const top = path[0];
  return top === undefined || top === '__metadata__' ? undefined : top;
}

/**
 * A short description of a value for an error message: `an object`, `an array`, `null`,
 * `number 1.5`, `string "F8"` (long strings and numbers cut).
 */
export function describeJson(value: HeaderValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isHeaderObject(value)) return 'an object';
  const text = formatScalar(value);
  const kind = value instanceof JsonNumber ? 'number' : typeof value;
  return text.length > 40 ? `${kind} ${text.slice(0, 40)}...` : `${kind} ${text}`;
}

/** A value as the header spells it (`[1, 0e0, "x"]`), at most `limit` items of an array. */
export function formatJson(value: HeaderValue, limit = 8): string {
  if (Array.isArray(value)) {
    const items = value.slice(0, limit).map((item) => formatJson(item, limit));
    if (value.length > limit) items.push(`... (${value.length} items)`);
    return `[${items.join(', ')}]`;
  }
  if (isHeaderObject(value)) return '{...}';
  const text = formatScalar(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function formatScalar(value: string | number | boolean | null | JsonNumber): string {
  return value instanceof JsonNumber ? value.text : JSON.stringify(value);
}
