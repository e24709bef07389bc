/** The tutorial prints its closing lines in Chinese; `--lang en` gives English labels. */
export function errorLabels(lang: 'zh' | 'en'): { w: string; b: string } {
  return lang === 'zh'
    ? { w: 'w的估计误差:', b: 'b的估计误差:' }
    : { w: 'error in estimating w: ', b: 'error in estimating b: ' };
}

/** `epoch 1, loss 0.035855`, as the tutorial's f-string prints it. */
export function epochLine(epoch: number, loss: number): string {
  return `epoch ${epoch}, loss ${loss.toFixed(6)}`;
}
