// This repository's own Playwright tests use the fixture the package ships
// (`bio-socket-workbench/playwright`, built from src/playwright), from its source.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export * from '../src/playwright/index';

/** The checkout's root, where README screenshots and test results go. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
