// The package's type declarations (out/types), which its `exports` map points at: emitted by tsc
// from the two public entries, each relative import given the ending node's ESM resolution needs
// (a project on "moduleResolution": "nodenext" would otherwise see the types as any).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The package's entries: the node API (".") and the Playwright fixture ("./playwright"). */
export const TYPED_ENTRIES = ['src/main/api.ts', 'src/playwright/index.ts'];

const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*)\2/g;

function explain(diagnostics: readonly ts.Diagnostic[], root: string): string {
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' });
}

/** Writes out/types/**: one .d.ts per source file the entries reach. Throws when a declaration cannot be written. */
export function emitPackageTypes(root: string): string[] {
  const outDir = join(root, 'out', 'types');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    isolatedModules: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: join(root, 'src'),
    outDir,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
  };
  const program = ts.createProgram(
    TYPED_ENTRIES.map((f) => join(root, f)),
    options,
  );
  const emitted = new Map<string, string>();
  const result = program.emit(undefined, (file, text) => emitted.set(resolve(file), text));
  const problems = [...program.getDeclarationDiagnostics(), ...result.diagnostics];
  if (problems.length) throw new Error(`the package's type declarations cannot be written:\n${explain(problems, root)}`);

  const unresolved: string[] = [];
  const withEndings = new Map<string, string>();
  for (const [file, text] of emitted) {
    const rewritten = text.replace(RELATIVE_IMPORT, (whole, lead: string, quote: string, spec: string) => {
      const target = resolve(dirname(file), spec);
      if (emitted.has(`${target}.d.ts`)) return `${lead}${quote}${spec}.js${quote}`;
      if (emitted.has(join(target, 'index.d.ts'))) return `${lead}${quote}${spec}/index.js${quote}`;
      unresolved.push(`${relative(root, file)}: ${spec}`);
      return whole;
    });
    withEndings.set(file, rewritten);
  }
  if (unresolved.length) throw new Error(`the package's type declarations import what was not emitted: ${unresolved.join(', ')}`);

  rmSync(outDir, { recursive: true, force: true });
  for (const [file, text] of withEndings) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return [...withEndings.keys()].map((f) => relative(root, f)).sort();
}
