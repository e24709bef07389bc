import { find } from './dom.js';

/**
 * A form of number inputs (named after the settings they hold) and a submit button. Submitting
 * checks the inputs with the browser's own validation (min, max, step) before `onSubmit` runs,
 * and the button stays disabled while that run lasts.
 */
export function settingsForm<K extends string>(
  form: HTMLFormElement,
  names: readonly K[],
  onSubmit: (settings: Record<K, number>) => Promise<void>,
): void {
  const button = find<HTMLButtonElement>(form, 'button[type=submit]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const settings = {} as Record<K, number>;
    for (const name of names) settings[name] = find<HTMLInputElement>(form, `input[name=${name}]`).valueAsNumber;
    button.disabled = true;
    onSubmit(settings).finally(() => {
      button.disabled = false;
    });
  });
}
