/** The one element matching `selector` inside `root`; a missing one is a bug in index.html. */
export function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`playground: no element matches ${selector}`);
  return found;
}

/** A new element with text and attributes. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  attributes: Readonly<Record<string, string>> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** A number with `digits` decimals, and a real minus sign. */
export function formatNumber(value: number, digits: number): string {
  return value.toFixed(digits).replace('-', '−');
}
