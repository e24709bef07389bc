import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType,
  ModelProtoSchema,
  type AttributeProtoSchema,
  type TensorProtoSchema,
  type ValueInfoProtoSchema,
} from 'onnx-buf';
import type { AttributeValue, Attributes } from './attributes.js';
import type { PrunedGraph } from './graph-builder.js';
import { ONNX_TYPE_CODES, type OnnxType, type TensorData } from './tensor-data.js';

/** A graph input or output: its element type and dims, each a size or a dim_param name. */
export interface GraphValue {
  readonly name: string;
  readonly type: OnnxType;
  readonly dims: readonly (number | string)[];
}

export interface ModelParts {
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly GraphValue[];
  readonly graph: PrunedGraph;
  readonly opset: number;
  /** The graph's name (the model's class). */
  readonly name: string;
}

// ONNX 1.13's IR version, which carries opsets 17 and 18.
const IR_VERSION = 8n;
const utf8 = new TextEncoder();

function attribute(name: string, value: AttributeValue): MessageInitShape<typeof AttributeProtoSchema> {
  switch (value.kind) {
    case 'int':
      return { name, type: AttributeType.INT, i: BigInt(value.value) };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: value.value };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: value.value.map((v) => BigInt(v)) };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...value.value] };
    case 'string':
      return { name, type: AttributeType.STRING, s: utf8.encode(value.value) };
    case 'strings':
      return { name, type: AttributeType.STRINGS, strings: value.value.map((s) => utf8.encode(s)) };
  }
}

function attributes(values: Attributes): MessageInitShape<typeof AttributeProtoSchema>[] {
  return Object.entries(values).map(([name, value]) => attribute(name, value));
}

function valueInfo(value: GraphValue): MessageInitShape<typeof ValueInfoProtoSchema> {
  const dim = value.dims.map((d) =>
    typeof d === 'number'
      ? { value: { case: 'dimValue' as const, value: BigInt(d) } }
      : { value: { case: 'dimParam' as const, value: d } },
  );
  return {
    name: value.name,
    type: { value: { case: 'tensorType', value: { elemType: ONNX_TYPE_CODES[value.type], shape: { dim } } } },
  };
}

function initializer(name: string, data: TensorData): MessageInitShape<typeof TensorProtoSchema> {
  return { name, dims: data.shape.map((d) => BigInt(d)), dataType: ONNX_TYPE_CODES[data.type], rawData: data.bytes };
}

/** The ModelProto's bytes, encoded by protobuf-es from ONNX's own schema (onnx.proto as onnx-buf compiles it). */
export function encodeModel(parts: ModelParts): Uint8Array {
  const model = create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    producerName: 'torchlet',
    opsetImport: [{ domain: '', version: BigInt(parts.opset) }],
    graph: {
      name: parts.name,
      node: parts.graph.nodes.map((node) => ({
        name: node.name,
        opType: node.opType,
        input: node.inputs,
        output: node.outputs,
        attribute: attributes(node.attributes),
      })),
      initializer: [...parts.graph.initializers].map(([name, data]) => initializer(name, data)),
      input: parts.inputs.map(valueInfo),
      output: parts.outputs.map(valueInfo),
    },
  });
  return toBinary(ModelProtoSchema, model);
}
