import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Every node-side entry is built by the main build, so one `electron-vite build` (run by
// `prepare` on `npm ci`) leaves the CLI, the engine process and the hosts ready to run.
export default defineConfig({
  main: {
    build: {
      target: 'node20',
      rollupOptions: {
        // The bench drives chromium through Playwright, a dev dependency: load it, do not bundle it.
        external: [/^@playwright\//, /^playwright(-core)?(\/|$)/],
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/cli/cli.ts'),
          engine: resolve('src/main/engine/engine-process.ts'),
          'engine-worker': resolve('src/main/engine/engine-worker.ts'),
          bench: resolve('bench/bench.ts'),
          web: resolve('src/main/web/web-main.ts'),
          launch: resolve('src/main/launch.ts'),
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
