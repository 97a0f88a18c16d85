/// <reference types="vite/client" />
// The renderer runs in a sandboxed page: it may import only src/shared, its own files and
// browser packages, never node built-ins, koffi, electron or the main process's code.
import { describe, expect, it } from 'vitest';

// Read through vite at build time, so the check itself needs nothing from node.
const sources = import.meta.glob(['./**/*.{ts,tsx}', '!./**/*.test.{ts,tsx}', '!./test/**'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const FORBIDDEN_PACKAGES = /^(node:|koffi$|electron$|fs$|path$|os$|child_process$|worker_threads$|ws$)/;

function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Where a relative import lands, as a path from the project root (files are keyed from src/renderer/src). */
function landing(file: string, spec: string): string {
  const parts = ['src', 'renderer', 'src', ...file.replace(/^\.\//, '').split('/').slice(0, -1)];
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function outOfBounds(file: string, spec: string): boolean {
  if (!spec.startsWith('.')) return FORBIDDEN_PACKAGES.test(spec);
  const to = landing(file, spec);
  return !to.startsWith('src/renderer/') && !to.startsWith('src/shared/');
}

describe('renderer imports', () => {
  it('reads the renderer sources', () => {
    expect(Object.keys(sources)).toContain('./store/store.ts');
    expect(Object.keys(sources).length).toBeGreaterThan(15);
  });

  it('reach outside the renderer only into src/shared', () => {
    const bad = Object.entries(sources).flatMap(([file, text]) => importsOf(text).filter((spec) => outOfBounds(file, spec)).map((spec) => `${file}: ${spec}`));
    expect(bad).toEqual([]);
  });

  it('would notice node, koffi and the main process', () => {
    const text = "import { readFileSync } from 'node:fs';\nimport koffi from 'koffi';\nimport { Session } from '../../../main/session';\nimport { contract } from '../../../shared/contract';";
    expect(importsOf(text).filter((spec) => outOfBounds('./store/x.ts', spec))).toEqual(['node:fs', 'koffi', '../../../main/session']);
  });
});
