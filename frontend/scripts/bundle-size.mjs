#!/usr/bin/env node
// The console's first-load budget: how much gzipped JavaScript the login page needs before it
// shows, and how much more the signed-in shell (layout, navigation and the home page) needs.
// It reads what Vite emitted (frontend/dist/.vite/manifest.json), walks the chunks each step
// loads, gzips every file and fails when a step is over its budget.
//
//   node frontend/scripts/bundle-size.mjs [dist directory]
//
// Keyward sends these files gzip-compressed to browsers that accept it (server/web/spa.go, at
// best compression, so the figures here at zlib's default level 6 are a little high). The raw
// size, what a client that does not accept gzip gets, is printed beside it.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The budgets, in gzipped bytes (1 kB = 1000 bytes, as Vite prints sizes). */
export const budgets = {
  login: 150_000,
  shell: 150_000,
  chart: 120_000,
};

/**
 * The steps of a first visit, in order: the modules (manifest keys, relative to frontend/) whose
 * chunks each step loads on top of the previous ones. The entry is implied for the first step.
 */
export const steps = [
  { name: 'login', title: 'login page', modules: ['src/features/auth/Login.page.tsx'] },
  { name: 'shell', title: 'signed-in shell', modules: ['src/components/Shell/Shell.tsx', 'src/features/home/Home.page.tsx'] },
  // The home page's 14-day chart (and the token page's 30-day one): @mantine/charts and recharts,
  // loaded once the page shows, so the figures beside it never wait for them.
  { name: 'chart', title: 'usage chart', modules: ['src/components/Charts/UsageChart.tsx'] },
];

export const defaultDist = fileURLToPath(new URL('../dist/', import.meta.url));

const gzipLevel = 6;

/** The gzipped size of bytes, as the budget counts it. */
export function gzipSize(bytes) {
  return gzipSync(bytes, { level: gzipLevel }).length;
}

/** Reads Vite's manifest from dist; a missing one names the command that makes it. */
export function readManifest(dist = defaultDist) {
  const path = join(dist, '.vite', 'manifest.json');
  if (!existsSync(path)) {
    throw new Error(`${path} not found: build the console first (npm run build), with build.manifest on`);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Every manifest key that loading key brings in: itself and its static imports, transitively. */
function closure(manifest, key, into = new Set()) {
  if (into.has(key)) return into;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`manifest has no ${key}`);
  into.add(key);
  for (const dep of chunk.imports ?? []) closure(manifest, dep, into);
  return into;
}

/**
 * Measures each step against dist: the JavaScript and CSS files it loads beyond the earlier
 * steps, with their raw and gzipped sizes.
 */
export function measure(dist = defaultDist) {
  const manifest = readManifest(dist);
  const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry in the manifest, found ${entries.length}: ${entries.join(', ')}`);
  const seen = new Set();
  const seenFiles = new Set();
  return steps.map((step, i) => {
    const roots = i === 0 ? [entries[0], ...step.modules] : step.modules;
    const keys = new Set();
    for (const root of roots) {
      if (!manifest[root]) {
        throw new Error(`${root} (${step.title}) is not a chunk of its own in the manifest: is it still loaded lazily? Update steps in frontend/scripts/bundle-size.mjs if it moved`);
      }
      closure(manifest, root, keys);
    }
    const files = (pick) => {
      const out = [];
      for (const key of keys) {
        if (seen.has(key)) continue;
        for (const file of pick(manifest[key])) {
          if (seenFiles.has(file)) continue;
          seenFiles.add(file);
          const bytes = readFileSync(join(dist, file));
          out.push({ file, raw: bytes.length, gzip: gzipSize(bytes) });
        }
      }
      return out.sort((a, b) => b.gzip - a.gzip);
    };
    const js = files((c) => [c.file].filter((f) => f.endsWith('.js')));
    const css = files((c) => c.css ?? []);
    for (const key of keys) seen.add(key);
    const sum = (list, k) => list.reduce((n, f) => n + f[k], 0);
    return { ...step, budget: budgets[step.name], js, css, gzip: sum(js, 'gzip'), raw: sum(js, 'raw'), cssGzip: sum(css, 'gzip'), cssRaw: sum(css, 'raw') };
  });
}

const kB = (n) => (n / 1000).toFixed(2).padStart(8);

/** The table printed for people: each step's chunks, largest first, and its totals. */
export function report(results, top = 12) {
  const lines = [];
  for (const r of results) {
    lines.push(`${r.title}: ${r.js.length} JavaScript files`);
    lines.push(`  ${'chunk'.padEnd(52)} ${'raw kB'.padStart(8)} ${'gzip kB'.padStart(8)}`);
    for (const f of r.js.slice(0, top)) lines.push(`  ${f.file.padEnd(52)} ${kB(f.raw)} ${kB(f.gzip)}`);
    if (r.js.length > top) {
      const rest = r.js.slice(top);
      const label = `(${rest.length} more)`;
      lines.push(`  ${label.padEnd(52)} ${kB(rest.reduce((n, f) => n + f.raw, 0))} ${kB(rest.reduce((n, f) => n + f.gzip, 0))}`);
    }
    lines.push(`  ${'JavaScript'.padEnd(52)} ${kB(r.raw)} ${kB(r.gzip)}   budget ${(r.budget / 1000).toFixed(0)} kB gzip`);
    lines.push(`  ${`CSS (${r.css.map((f) => f.file).join(', ') || 'none'})`.padEnd(52)} ${kB(r.cssRaw)} ${kB(r.cssGzip)}   not budgeted`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The steps over budget, each as one sentence. */
export function overBudget(results) {
  return results
    .filter((r) => r.gzip > r.budget)
    .map((r) => `the ${r.title} loads ${(r.gzip / 1000).toFixed(2)} kB of gzipped JavaScript, over its budget of ${(r.budget / 1000).toFixed(0)} kB (budgets in frontend/scripts/bundle-size.mjs)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const results = measure(process.argv[2] ?? defaultDist);
    console.log(report(results));
    const over = overBudget(results);
    if (over.length > 0) {
      for (const o of over) console.error(`bundle size: ${o}`);
      process.exit(1);
    }
    console.log(`bundle size: within budget (${results.map((r) => `${r.title} ${(r.gzip / 1000).toFixed(1)}/${(r.budget / 1000).toFixed(0)} kB`).join(', ')})`);
  } catch (err) {
    console.error(`bundle size: ${err.message}`);
    process.exit(1);
  }
}
