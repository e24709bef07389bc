export { exportOnnx } from './export-onnx.js';
export { SUPPORTED_OPSETS, type ExportOptions } from './options.js';
export { OnnxExportError, UnsupportedOpError } from './errors.js';
export { attr, type AttributeValue, type Attributes } from './graph/attributes.js';
export type { OnnxSymbolic, OnnxValue, SymbolicGraph } from './symbolic.js';
