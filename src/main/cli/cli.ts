// bio-workbench's entry: V8's compile cache (node >= 22.1) is turned on before anything else is
// loaded, so a later run reads the compiled program instead of compiling it again; then the CLI.
import module from 'node:module';

// Typed here: the @types/node this project pins predates node 22.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./cli-main');
