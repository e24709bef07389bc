import { dirname, isAbsolute, resolve } from 'node:path';
import { CheckpointError } from '../errors.js';

const PLACEHOLDER = /\{([^{}:]+)(?::([^{}]*))?\}/g;

/**
 * Checks a file-name template when a `ModelCheckpoint` is made: its files must land in `dir`
 * and nowhere else. A template is one file name, so it may not be absolute or hold a path
 * separator (`../escape-{epoch}`, `sub/x`, `C:\x`), a NUL, or start with a dot (hidden names are
 * the temp files of atomic writes, which `cleanStaleTempFiles` deletes). Format specs are checked
 * here too, so a typo fails at construction rather than at the end of the first epoch.
 */
export function checkTemplate(template: unknown, option: string, dir: string): string {
  const fail = (problem: string) =>
    new CheckpointError(
      `ModelCheckpoint: the ${option} template ${JSON.stringify(template)} ${problem}; it must be a plain file name for a file inside dir ${JSON.stringify(dir)}`,
      { source: dir },
    );
  if (typeof template !== 'string' || template === '') throw fail('is not a non-empty string');
  if (isAbsolute(template) || /^[A-Za-z]:/.test(template)) throw fail('is an absolute path');
  if (/[/\\]/.test(template)) throw fail('holds a path separator, so its files could be written outside dir');
  if (template.includes('\0')) throw fail('holds a NUL character');
  if (template.startsWith('.')) throw fail('starts with a dot (hidden names are reserved for temp files)');
  for (const [, , spec] of template.matchAll(PLACEHOLDER)) {
    if (spec !== undefined) format(0, spec, template);
  }
  return template;
}

/**
 * Fills a file-name template such as `epoch={epoch}-valLoss={valLoss:.4f}`: each `{name}` or
 * `{name:spec}` takes a value from `values`; specs are Python's `.Nf` (fixed), `.Ne`
 * (exponent) and `d` (integer). An unknown name is an error, not an empty string. The name it
 * gives is checked again, whatever the values held: it must be one file inside `dir`.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, number>>, dir: string): string {
  const name = template.replace(PLACEHOLDER, (_match, key: string, spec: string | undefined) => {
    const value = values[key];
    if (value === undefined) {
      throw new CheckpointError(
        `ModelCheckpoint: the filename template ${JSON.stringify(template)} uses {${key}}, but the values are ${Object.keys(values).join(', ')}`,
      );
    }
    return format(value, spec ?? '', template);
  });
  const inside = resolve(dir);
  if (/[/\\\0]/.test(name) || name.startsWith('.') || isAbsolute(name) || dirname(resolve(inside, name)) !== inside) {
    throw new CheckpointError(
      `ModelCheckpoint: the filename template ${JSON.stringify(template)} gives ${JSON.stringify(name)}, which is not a plain file name inside dir ${JSON.stringify(dir)}; nothing was written`,
      { source: dir },
    );
  }
  return name;
}

function format(value: number, spec: string, template: string): string {
  if (spec === '') return String(value);
  // Digits as toFixed/toExponential accept them (0 to 100); more would be a RangeError.
  const fixed = /^\.(\d{1,2}|100)f$/.exec(spec);
  if (fixed) return value.toFixed(Number(fixed[1]));
  const exponent = /^\.(\d{1,2}|100)e$/.exec(spec);
  if (exponent) return value.toExponential(Number(exponent[1])).replace(/e([+-])(\d)$/, 'e$10$2');
  if (spec === 'd') return String(Math.trunc(value));
  throw new CheckpointError(
    `ModelCheckpoint: unsupported format spec ":${spec}" in filename template ${JSON.stringify(template)}; use .Nf, .Ne (N from 0 to 100) or d`,
  );
}
