import { tensor } from '@torchlet/autograd';
import { accuracy, confusionMatrix, precisionRecallF1, predictedClasses } from '@torchlet/metrics';

// Scores of a two-class model for four samples, and their true classes.
const logits = tensor([
  [2.1, 0.3],
  [0.2, 1.5],
  [1.1, 0.9],
  [0.4, 0.8],
]);
const y = tensor([0, 1, 1, 1], { dtype: 'int32' });

const predicted = predictedClasses(logits); // argmax of [N, C]; score > 0 for one score per sample
console.log(accuracy(predicted, y)); // 0.75
console.log(confusionMatrix(predicted, y, 2).toArray()); // [[1, 0], [1, 2]]: rows true, columns predicted
console.log(precisionRecallF1(predicted, y)); // class 1: { precision: 1, recall: 0.666…, f1: 0.8, support: 3 }
console.log(precisionRecallF1(predicted, y, { numClasses: 2, average: 'none' })); // one result per class
