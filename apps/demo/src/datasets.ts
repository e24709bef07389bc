// The classification parts' data files, read from ../data.
import { readFileSync } from 'node:fs';
import { parseBreastCancer, parseDigits, type LabelledData } from './tutorial/datasets.js';

const dataText = (name: string) => readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8');

export function breastCancer(): LabelledData {
  return parseBreastCancer(dataText('breast_cancer.csv'));
}

export function digits(): LabelledData {
  return parseDigits(dataText('digits-8x8.csv'));
}
