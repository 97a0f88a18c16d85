// The Linux packaging configuration, checked with electron-builder's own code: its schema accepts
// the file, and its fuse step (electronFuses -> @electron/fuses) flips a wire laid out like
// Electron 45's as intended. Packaging itself needs the Electron binary, which cannot be fetched here.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getCurrentFuseWire, flipFuses, type FuseConfig } from '@electron/fuses';
// Not re-exported by the package's index: the sentinel before the wire, and the fuse states.
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants';
import config from '../../../electron-builder.config';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const tmp = mkdtempSync(join(tmpdir(), 'bio-packaging-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Electron 45's fuse wire as its build/fuses/fuses.json5 declares it (wire version 1, 9 fuses):
// run_as_node, cookie_encryption, node_options, node_cli_inspect, embedded_asar_integrity_validation,
// only_load_app_from_asar, load_browser_process_specific_v8_snapshot,
// grant_file_protocol_extra_privileges, wasm_trap_handlers.
const ELECTRON_45_DEFAULTS = '101100011';

function fakeElectronBinary(): string {
  const file = join(tmp, 'bio-socket-workbench');
  const wire = Buffer.from(ELECTRON_45_DEFAULTS, 'ascii');
  writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL, 'ascii'), Buffer.from([1, wire.length]), wire, Buffer.alloc(4096, 0x90)]));
  return file;
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema", async () => {
    const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as { validateConfiguration: (c: unknown, log: unknown) => Promise<void> };
    const quiet = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
    // The check is real: a misspelt fuse is refused.
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, quiet)).rejects.toThrow(/does not match the API schema/);
  });

  it('builds AppImage and deb from the built app, in an asar, with the native module unpacked', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/koffi/**');
    for (const { from } of config.extraResources) expect(existsSync(join(repo, from)), from).toBe(true);
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toMatch(/^out\//);
  });

  it("flips the fuses through electron-builder's fuse step, leaving Electron 45's ninth fuse at its default", async () => {
    const { PlatformPackager } = builderRequire('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig(f: unknown): Promise<FuseConfig> } } };
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    const binary = fakeElectronBinary();
    expect(await flipFuses(binary, fuseConfig)).toBe(1);
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, FuseState>;
    const { ENABLE: on, DISABLE: off } = FuseState;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => wire[i])).toEqual([
      off, // RunAsNode
      on, // EnableCookieEncryption
      off, // EnableNodeOptionsEnvironmentVariable
      off, // EnableNodeCliInspectArguments
      on, // EnableEmbeddedAsarIntegrityValidation (enforced on macOS and Windows only)
      on, // OnlyLoadAppFromAsar
      off, // LoadBrowserProcessSpecificV8Snapshot
      off, // GrantFileProtocolExtraPrivileges
      on, // wasmTrapHandlers: unknown to @electron/fuses 1.8, Electron's default kept
    ]);
  });
});
