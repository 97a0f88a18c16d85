// The layers, held by a tool: where code may run decides what it may import. Tests may reach
// across (they drive real hosts and engines); shipped code may not.
const notTest = '\\.test\\.tsx?$|/testing/|/test/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-only-shared',
      comment: 'src/shared is the contract: it runs in every host, the engine and the page, so it imports no other layer, no node built-in and no electron (zod is its one package).',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: notTest },
      to: { pathNot: ['^src/shared/', '^node_modules/zod/'] },
    },
    {
      name: 'engine-imports-no-host',
      comment: 'The engine runs under plain node in its own process: it never imports electron, or src/main outside the engine.',
      severity: 'error',
      from: { path: '^src/main/engine/', pathNot: notTest },
      to: { path: ['^src/main/(?!engine/)', '^src/(preload|renderer)/', '^electron$', '^node_modules/electron/'] },
    },
    {
      name: 'hosts-never-load-koffi',
      comment: 'Only the engine process loads libcrypto: a host that imports koffi or the engine modules would run native code beside the window.',
      severity: 'error',
      from: { path: '^src/main/(?!engine/)', pathNot: notTest },
      to: { path: ['^node_modules/koffi/', '^koffi$', '^src/main/engine/'] },
    },
    {
      name: 'preload-imports-only-shared-and-electron',
      comment: 'The sandboxed preload may require electron and the bundled contract, nothing else.',
      severity: 'error',
      from: { path: '^src/preload/', pathNot: notTest },
      to: { pathNot: ['^src/preload/', '^src/shared/', '^electron$', '^node_modules/electron/'] },
    },
    {
      name: 'renderer-imports-only-shared-and-its-own',
      comment: 'The page talks only to the contract\'s client: no main-process code, no node built-in, no electron or koffi.',
      severity: 'error',
      from: { path: '^src/renderer/', pathNot: notTest },
      to: { path: ['^src/(main|preload)/', '^electron$', '^node_modules/(electron|koffi|ws)/'] },
    },
    {
      name: 'renderer-uses-no-node-builtin',
      comment: 'The page runs in a browser: node built-ins do not exist there.',
      severity: 'error',
      from: { path: '^src/renderer/', pathNot: notTest },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'fixture-starts-the-built-app',
      comment: 'The Playwright fixture ships to other projects and starts the built host as a process: it imports the contract (src/shared) and @playwright/test, never host, engine, preload or renderer code.',
      severity: 'error',
      from: { path: '^src/playwright/', pathNot: notTest },
      to: { path: ['^src/(main|preload|renderer)/', '^electron$', '^node_modules/(electron|koffi|ws)/'] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules hold one reason to change between them.',
      severity: 'error',
      from: { path: '^src/', pathNot: notTest },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
