import { CheckpointError } from '../errors.js';

/**
 * Fills a file-name template such as `epoch={epoch}-valLoss={valLoss:.4f}`: each `{name}` or
 * `{name:spec}` takes a value from `values`; specs are Python's `.Nf` (fixed), `.Ne`
 * (exponent) and `d` (integer). An unknown name is an error, not an empty string.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, number>>): string {
  return template.replace(/\{([^{}:]+)(?::([^{}]*))?\}/g, (_match, name: string, spec: string | undefined) => {
    const value = values[name];
    if (value === undefined) {
      throw new CheckpointError(
        `ModelCheckpoint: the filename template ${JSON.stringify(template)} uses {${name}}, but the values are ${Object.keys(values).join(', ')}`,
      );
    }
    return format(value, spec ?? '', template);
  });
}

function format(value: number, spec: string, template: string): string {
  if (spec === '') return String(value);
  const fixed = /^\.(\d+)f$/.exec(spec);
  if (fixed) return value.toFixed(Number(fixed[1]));
  const exponent = /^\.(\d+)e$/.exec(spec);
  if (exponent) return value.toExponential(Number(exponent[1])).replace(/e([+-])(\d)$/, 'e$10$2');
  if (spec === 'd') return String(Math.trunc(value));
  throw new CheckpointError(
    `ModelCheckpoint: unsupported format spec ":${spec}" in filename template ${JSON.stringify(template)}; use .Nf, .Ne or d`,
  );
}
