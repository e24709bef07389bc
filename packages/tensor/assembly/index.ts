// The module's exports. Built by build.mjs into src/kernels/wasm/kernels.generated.ts; memory is
// imported from JavaScript (env.memory) and every pointer argument is a byte address in it.
export {
  gemmF32,
  gemmF64,
  gemmPackedF32,
  gemmPackedF64,
  gemmWorkBytes,
  packBF32,
  packBF64,
  packedBBytes,
} from './gemm';
export { binaryF32, binaryScalarF32, reluBackwardF32, reluF32 } from './elementwise';
export { sumF32, sumColumnsF32 } from './sum';
export { expF32 } from './exp';
export { im2colF32, col2imF32, toSamplesF32, toChannelsF32, addRowSumsF32 } from './im2col';
export { lstmGatesF32 } from './recurrent';
