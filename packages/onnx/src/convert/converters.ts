import type { TracedOpParams } from '@torchlet/autograd';
import { CUSTOM } from './custom-function.js';
import { ELEMENTWISE } from './elementwise.js';
import { LAYERS } from './layers.js';
import type { Converter } from './op-context.js';
import { PRODUCTS } from './products.js';
import { RECURRENT } from './recurrent.js';
import { REDUCTIONS } from './reductions.js';
import { SHAPES } from './shapes.js';

/** Every op with an ONNX mapping, by torchlet's op name; an op not here is refused by name. */
export const CONVERTERS: { readonly [K in keyof TracedOpParams]?: Converter<K> } = {
  ...ELEMENTWISE,
  ...PRODUCTS,
  ...REDUCTIONS,
  ...SHAPES,
  ...LAYERS,
  ...RECURRENT,
  ...CUSTOM,
};
