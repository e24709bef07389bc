// @torchlet/metrics with its dependencies only: classes from scores, accuracy, a confusion matrix.
import { tensor } from '@torchlet/autograd';
import { accuracy, confusionMatrix, precisionRecallF1, predictedClasses } from '@torchlet/metrics';

const logits = tensor([
  [2, 0.1],
  [0.2, 1],
  [3, -1],
]);
const predicted = predictedClasses(logits);
const target = tensor([0, 1, 1], { dtype: 'int32' });
if (accuracy(predicted, target) !== 2 / 3) throw new Error('accuracy');
if (JSON.stringify(confusionMatrix(predicted, target, 2).toArray()) !== '[[1,0],[1,1]]')
  throw new Error('confusion matrix');
if (precisionRecallF1(predicted, target).recall !== 0.5) throw new Error('recall');
console.log('metrics ok');
