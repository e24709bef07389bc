/** What the packages page measured, for ../packages.test.ts to judge. */
export interface PackagesReport {
  /** Package name → how many names its main entry exports. */
  readonly entries: Record<string, number>;
  /** The root README's TypeScript examples: what each printed, or how it failed. */
  readonly readme: { readonly file: string; readonly logs: string[]; readonly error: string | null }[];
  readonly matmul: {
    readonly kernels: string;
    readonly n: number;
    /** Largest |float32 wasm − float64 JavaScript| over the product. */
    readonly maxError: number;
    /** Whether every element is within the error bound the tensor README states. */
    readonly withinBound: boolean;
    readonly gflops: number;
  };
  /** Golden files of the reference implementation: decoded and encoded again, byte for byte. */
  readonly safetensors: { readonly file: string; readonly identical: boolean }[];
  /** A state dict of every dtype (and a transposed view) through encode and decode. */
  readonly roundTrip: boolean;
  readonly strided: {
    /** The strided loops right after the first strided op. */
    readonly first: string;
    /** After waiting for ndarray-ops to load where it may. */
    readonly settled: string;
    /** Whether the strided results equal element-by-element ones, before and after. */
    readonly correct: boolean;
  };
  readonly crossOriginIsolated: boolean;
}
