// The engine process's entry when built: V8's compile cache (node >= 22.1) is turned on before the
// engine's modules load, so a later start reads them compiled; then the engine (engine-process.ts).
import module from 'node:module';

// Typed here: the @types/node this project pins predates node 22.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./engine-process');
