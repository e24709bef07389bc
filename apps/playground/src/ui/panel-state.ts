import { find } from './dom.js';

export type PanelState = 'idle' | 'training' | 'done' | 'error';

/**
 * A panel's state on its section (`data-state`, which the browser tests wait on) and a line of
 * status text in its `[data-status]` element. Errors also go to the console: nothing fails unseen.
 */
export class PanelStatus {
  private readonly status: HTMLElement;

  constructor(private readonly section: HTMLElement) {
    this.status = find(section, '[data-status]');
  }

  set(state: PanelState, text: string): void {
    this.section.dataset['state'] = state;
    this.status.textContent = text;
  }

  fail(action: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${this.section.id}: ${action} failed:`, error);
    this.set('error', `${action} failed: ${message}`);
  }
}
