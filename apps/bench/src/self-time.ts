import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPOSITORY_ROOT } from './paths.js';

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based, of the function's start in the generated code. */
  lineNumber?: number;
  columnNumber?: number;
}
export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** `path:line` relative to the repository (node internals as they are; empty for V8's own frames). */
  file: string;
  microseconds: number;
}

/** Where a frame of bundled code came from: its source file (absolute) and 1-based line. */
export type Locate = (frame: CallFrame) => { file: string; line: number } | null;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** A source map's `mappings`, decoded: per generated line, `[column, sourceIndex, originalLine]` by column. */
export function decodeMappings(mappings: string): [number, number, number][][] {
  const lines: [number, number, number][][] = [];
  let source = 0;
  let originalLine = 0;
  for (const text of mappings.split(';')) {
    const segments: [number, number, number][] = [];
    let column = 0;
    for (const segment of text.split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      column += fields[0]!;
      if (fields.length < 4) continue;
      source += fields[1]!;
      originalLine += fields[2]!;
      segments.push([column, source, originalLine]);
    }
    lines.push(segments);
  }
  return lines;
}

/** Maps frames of the bundle at `bundleUrl` through its external source map `mapFile`. */
export function sourceMapLocator(bundleUrl: string, mapFile: string): Locate | null {
  if (!existsSync(mapFile)) return null;
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; sourceRoot?: string; mappings: string };
  const sources = map.sources.map((source) => resolve(dirname(mapFile), map.sourceRoot ?? '', source));
  const lines = decodeMappings(map.mappings);
  return (frame) => {
    if (frame.url !== bundleUrl || frame.lineNumber === undefined) return null;
    const column = frame.columnNumber ?? 0;
    for (let line = frame.lineNumber; line >= 0; line--) {
      const segments = lines[line] ?? [];
      for (let i = segments.length - 1; i >= 0; i--) {
        const [start, source, original] = segments[i]!;
        if (line < frame.lineNumber || start <= column) return { file: sources[source]!, line: original + 1 };
      }
    }
    return null;
  };
}

/** The frame's file relative to the repository (node internals and V8 pseudo-frames as they are). */
export function fileOf(frame: CallFrame, locate?: Locate | null): string {
  const located = locate?.(frame);
  if (located) return `${relative(REPOSITORY_ROOT, located.file)}:${located.line}`;
  if (frame.url === '') return '';
  return frame.url.startsWith('file://') ? relative(REPOSITORY_ROOT, fileURLToPath(frame.url)) : frame.url;
}

export interface SelfTimeOptions {
  /** Sum per file instead of per function. */
  byFile?: boolean;
  /** Maps bundled frames back to their sources. */
  locate?: Locate | null;
  /** Drops samples taken under a matching frame (the profiler's own calls). */
  exclude?: (frame: CallFrame) => boolean;
}

/**
 * Self time per function (or per file), largest first: each sample's interval is charged to the
 * frame on top of the stack.
 */
export function selfTimes(profile: CpuProfile, options: SelfTimeOptions = {}): SelfTime[] {
  const { byFile = false, locate = null, exclude } = options;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const excluded = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at))
      if (exclude?.(nodes.get(at)!.callFrame)) return true;
    return false;
  };
  const totals = new Map<string, SelfTime>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = nodes.get(profile.samples[i]!);
    if (node === undefined || (exclude !== undefined && excluded(node.id))) continue;
    const frame = node.callFrame;
    const location = fileOf(frame, locate);
    const path = location.replace(/:\d+$/, '');
    // No file and no parentheses: a V8 builtin or code made by `new Function` (ndarray-ops' loops).
    const plain = frame.functionName || '(anonymous)';
    const name = byFile ? path || (plain.startsWith('(') ? plain : `${plain} (builtin or new Function)`) : plain;
    const key = byFile ? name : `${name}@${location}`;
    const entry = totals.get(key) ?? { name, file: byFile ? path : location, microseconds: 0 };
    entry.microseconds += profile.timeDeltas[i] ?? 0;
    totals.set(key, entry);
  }
  return [...totals.values()].sort((a, b) => b.microseconds - a.microseconds);
}
