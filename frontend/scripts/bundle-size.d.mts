// Types of bundle-size.mjs, for the end-to-end test that checks the browser loads what it counts.

export interface ChunkSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface StepSize {
  name: 'login' | 'shell' | 'chart';
  title: string;
  modules: string[];
  budget: number;
  js: ChunkSize[];
  css: ChunkSize[];
  gzip: number;
  raw: number;
  cssGzip: number;
  cssRaw: number;
}

export const budgets: { login: number; shell: number; chart: number };
export const steps: { name: 'login' | 'shell' | 'chart'; title: string; modules: string[] }[];
export const defaultDist: string;
export function gzipSize(bytes: Uint8Array): number;
export function readManifest(dist?: string): Record<string, unknown>;
export function measure(dist?: string): StepSize[];
export function report(results: StepSize[], top?: number): string;
export function overBudget(results: StepSize[]): string[];
