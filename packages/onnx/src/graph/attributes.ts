/** An ONNX node attribute's value, typed as ONNX types it (an int is not a float there). */
export type AttributeValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'strings'; readonly value: readonly string[] };

export type Attributes = Readonly<Record<string, AttributeValue>>;

export const int = (value: number): AttributeValue => ({ kind: 'int', value });
export const float = (value: number): AttributeValue => ({ kind: 'float', value });
export const ints = (value: readonly number[]): AttributeValue => ({ kind: 'ints', value });
export const floats = (value: readonly number[]): AttributeValue => ({ kind: 'floats', value });
export const string = (value: string): AttributeValue => ({ kind: 'string', value });
export const strings = (value: readonly string[]): AttributeValue => ({ kind: 'strings', value });

/** Typed attribute values for a custom Function's symbolic: `g.op('LeakyRelu', [x], { alpha: attr.float(0.1) })`. */
export const attr = { int, float, ints, floats, string, strings } as const;
