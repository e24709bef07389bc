// The element-wise op codes, shared by the JavaScript loops (kernels/elementwise.ts), the
// backends and the AssemblyScript kernels (assembly/elementwise.ts imports this very file). Keep it
// plain constants: AssemblyScript compiles it too, so no TypeScript-only syntax.

/** The four arithmetic ops: IEEE rounds each exactly once, so every backend stores the same bits. */
export const ADD = 0;
export const SUB = 1;
export const MUL = 2;
export const DIV = 3;
/** Any other binary op: the JavaScript loops call the op's own function. */
export const OTHER = 4;
// Comparisons get loops of their own: `+(x > y)` compiles without a branch, which on data of
// mixed signs (a ReLU mask) runs 6x faster than a mispredicted `x > y ? 1 : 0`.
export const EQ = 5;
export const NE = 6;
export const LT = 7;
export const LE = 8;
export const GT = 9;
export const GE = 10;
