// Linux packages of the Electron app: `electron-builder --linux --config electron-builder.config.ts`
// after `electron-vite build`. Fuses are flipped by electron-builder (@electron/fuses) before signing.
import type { Configuration } from 'electron-builder';

const config = {
  productName: 'BIO Socket Workbench',
  directories: { output: 'dist' },
  // The built app only: main, preload and renderer bundles; production node_modules are added by electron-builder.
  // The npm package's Playwright fixture and type declarations are for other projects' tests, not the app.
  files: ['out/**', '!**/*.map', '!out/types/**', '!out/main/playwright.js', 'package.json'],
  asar: true,
  // dlopen cannot read inside an asar: koffi's prebuilt .node binaries live beside it, unpacked.
  asarUnpack: ['node_modules/koffi/**'],
  // koffi ships prebuilt binaries for Electron too; a rebuild would need headers from the network.
  npmRebuild: false,
  // Classroom scenarios are data, not code: shipped beside the asar, read-only.
  extraResources: [{ from: 'resources/scenarios', to: 'scenarios' }],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    executableName: 'bio-socket-workbench',
    synopsis: "A workbench for OpenSSL's socket setup routines",
  },
  electronFuses: {
    // The engine runs in a utilityProcess, not ELECTRON_RUN_AS_NODE, so the app never needs this.
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Electron enforces it only on macOS and Windows; set here so those builds inherit it, a no-op on Linux.
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // We ship no browser_v8_context_snapshot.bin; turning this on would stop the app starting.
    loadBrowserProcessSpecificV8Snapshot: false,
    // The renderer comes from app://, never file:// (checklist item 18), so file:// keeps no extra powers.
    grantFileProtocolExtraPrivileges: false,
    // Electron 45's ninth fuse, wasmTrapHandlers, is unknown to @electron/fuses 1.8 and keeps its safe default (on).
  },
} satisfies Configuration;

export default config;
