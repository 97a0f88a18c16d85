// The layers, held by a tool: where code may run decides what it may import. Tests may reach
// across (they drive real hosts and engines); shipped code may not.
const notTest = '\\.test\\.tsx?$|/testing/|/test/';

// Type-only imports vanish when compiled, so a rule about what a process loads is cruised without
// them: `npm run layers` makes a second pass with LAYERS_PASS=loaded for those rules.
const loadedPass = process.env.LAYERS_PASS === 'loaded';

/** @type {NonNullable<import('dependency-cruiser').IConfiguration['forbidden']>} */
const loadRules = [
  {
    name: 'engine-loads-no-schema-library',
    comment: 'The engine trusts its host\'s validation and never loads zod, whose start-up every CLI run would pay: no chain of value imports leads from the engine to it (through src/shared or directly).',
    severity: 'error',
    from: { path: '^src/main/engine/', pathNot: notTest },
    to: { path: '^node_modules/zod/', reachable: true },
  },
];

/** @type {NonNullable<import('dependency-cruiser').IConfiguration['forbidden']>} */
const layerRules = [
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
    comment: 'The page talks only to the contract\'s client: it imports src/shared, its own code and the browser packages listed here, nothing else.',
    severity: 'error',
    from: { path: '^src/renderer/', pathNot: notTest },
    to: { pathNot: ['^src/(renderer|shared)/', '^node_modules/(react|react-dom|zustand|zod|@tanstack/react-virtual)/'] },
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
    comment: 'The Playwright fixture ships to other projects and starts the built host as a process: it imports its own code, the contract (src/shared), @playwright/test and node built-ins, nothing else (consumer/ is the project its package test installs it into).',
    severity: 'error',
    from: { path: '^src/playwright/', pathNot: [notTest, '^src/playwright/consumer/'] },
    to: { pathNot: ['^src/(playwright|shared)/', '^node_modules/@playwright/test/'], dependencyTypesNot: ['core'] },
  },
  {
    name: 'no-circular',
    comment: 'A cycle means two modules hold one reason to change between them.',
    severity: 'error',
    from: { path: '^src/', pathNot: notTest },
    to: { circular: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: loadedPass ? loadRules : layerRules,
  options: {
    // Packages stay in the graph (rules about electron, koffi, ws and zod see them); only build output is left out.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^out/' },
    // A linked package keeps its node_modules/ path, so the rules about packages still match it.
    preserveSymlinks: true,
    tsPreCompilationDeps: !loadedPass,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
