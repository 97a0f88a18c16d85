/// <reference types="vite/client" />
// The store's modules form no import cycle, type-only imports included: each slice names the
// slices it reads, and store.ts alone combines them.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['./*.{ts,tsx}', '!./*.test.{ts,tsx}'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const sourcesByName: Record<string, string> = Object.fromEntries(Object.entries(sources).map(([file, text]) => [file.replace(/^\.\//, ''), text]));

/** The store modules a module imports (types too), by file name. */
function localImports(text: string): string[] {
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]\.\/([^'"]+)['"]/g)].map((m) => m[1]).map((name) => (name in sourcesByName ? name : `${name}.ts`));
}

/** One cycle through the graph, as file names, or null. */
function findCycle(graph: Record<string, string[]>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph[node] ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of Object.keys(graph)) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('store imports', () => {
  const graph = Object.fromEntries(Object.entries(sourcesByName).map(([name, text]) => [name, localImports(text).filter((to) => to !== name)]));

  it('reads the slices and the store that combines them', () => {
    expect(graph['store.ts']).toEqual(expect.arrayContaining(['connection.ts', 'live-log.ts', 'earlier.ts', 'demos.ts', 'theme.ts']));
    expect(graph['demos.ts']).toContain('connection.ts');
  });

  it('form no cycle', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('would notice one', () => {
    expect(findCycle({ 'store.ts': ['demos.ts'], 'demos.ts': ['refusal.ts', 'store.ts'], 'refusal.ts': [] })).toEqual(['store.ts', 'demos.ts', 'store.ts']);
  });
});
