import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary';

const root = mkdtempSync(join(tmpdir(), 'bio-launch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findElectronBinary', () => {
  it('says what is missing, and finds the binary path.txt names once it is there', () => {
    expect(findElectronBinary(root)).toEqual({ found: false, reason: 'the electron package is not installed' });
    const pkg = join(root, 'node_modules', 'electron');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    expect(findElectronBinary(root)).toMatchObject({ found: false, reason: expect.stringMatching(/path\.txt is missing/) });
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(findElectronBinary(root)).toMatchObject({ found: false, reason: expect.stringMatching(/dist\/electron, which is missing/) });
    writeFileSync(join(pkg, 'dist', 'electron'), '#!/bin/sh\n');
    chmodSync(join(pkg, 'dist', 'electron'), 0o755);
    expect(findElectronBinary(root)).toEqual({ found: true, path: join(pkg, 'dist', 'electron') });
  });

  it('reports this checkout honestly (no binary can be downloaded here)', () => {
    const here = findElectronBinary(join(__dirname, '..', '..'));
    if (here.found) expect(here.path).toMatch(/electron/);
    else expect(here.reason).toMatch(/path\.txt|not installed|missing/);
  });
});
