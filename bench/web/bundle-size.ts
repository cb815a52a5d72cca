/**
 * What the browser downloads before the sign-in page can show: the entry script, the
 * scripts it preloads and the style sheet named in index.html, gzipped as a server sends
 * them (zlib level 6). Later modules load on demand and are listed apart.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  initialJsGzip: number;
  initialCssGzip: number;
  initialFiles: string[];
  /** The largest chunk loaded later (after sign-in), for the record. */
  largestLazy: { file: string; gzip: number };
  totalJsGzip: number;
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 6 }).length;

export function measureBundle(distDir: string): BundleSize {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const assets = path.join(distDir, 'assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const sizes = new Map(js.map((f) => [`assets/${f}`, gz(path.join(assets, f))]));
  const initialJs = initial.filter((f) => f.endsWith('.js'));
  const lazy = [...sizes].filter(([f]) => !initialJs.includes(f)).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return {
    initialJsGzip: initialJs.reduce((sum, f) => sum + (sizes.get(f) ?? 0), 0),
    initialCssGzip: initial.filter((f) => f.endsWith('.css')).reduce((sum, f) => sum + gz(path.join(distDir, f)), 0),
    initialFiles: initial,
    largestLazy: { file: lazy[0], gzip: lazy[1] },
    totalJsGzip: [...sizes.values()].reduce((a, b) => a + b, 0),
  };
}
