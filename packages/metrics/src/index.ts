export { predictedClasses, type Labels } from './classes.js';
export { accuracy } from './accuracy.js';
export { confusionMatrix } from './confusion-matrix.js';
export { precisionRecallF1, type PrecisionRecallF1, type PrecisionRecallOptions } from './precision-recall.js';
