import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { emitPackageTypes } from './scripts/package-types';

// Every node-side entry is built by the main build, so one `electron-vite build` (run by
// `prepare` on `npm ci`, and by `npm pack`) leaves the CLI, the engine process, the hosts and the
// package's entries (the node API, the Playwright fixture, their types in out/types) ready to run.

/** The package's .d.ts files, written once the main build is done (not on each rebuild of a watch). */
function packageTypes(): Plugin {
  return {
    name: 'package-types',
    apply: 'build',
    closeBundle() {
      if (!this.meta.watchMode) emitPackageTypes(resolve('.'));
    },
  };
}

export default defineConfig({
  main: {
    plugins: [packageTypes()],
    build: {
      target: 'node20',
      // zod and commander are bundled (what is used of them, tree-shaken): loaded from node_modules,
      // zod alone is some hundred modules (every locale) read and compiled at each CLI and engine start.
      externalizeDeps: { exclude: ['zod', 'commander'] },
      rollupOptions: {
        // The bench and the fixture drive the browser through the Playwright the project installed: load it, do not bundle it.
        external: [/^@playwright\//, /^playwright(-core)?(\/|$)/],
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/cli.ts'),
          engine: resolve('src/main/engine/engine-main.ts'),
          'engine-worker': resolve('src/main/engine/engine-worker.ts'),
          bench: resolve('bench/bench.ts'),
          web: resolve('src/main/web/web-main.ts'),
          launch: resolve('src/main/launch.ts'),
          // The package's entries (package.json "exports"): "." and "./playwright".
          api: resolve('src/main/api.ts'),
          playwright: resolve('src/playwright/index.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
