// nn.utils: what a training loop needs besides layers.
export { clipGradNorm_, clipGradValue_, type ClipGradNormOptions } from './clip-grad.js';
