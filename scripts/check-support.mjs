#!/usr/bin/env node
// Is the pinned Electron still inside Electron's support window (the latest three stable majors)?
// `npm run check-support`, kept out of `npm test`: its answer changes with the date, not the code.
//
//   node scripts/check-support.mjs [--today YYYY-MM-DD]
// Exit 0 supported, 1 past its end of life (upgrade), 2 a bad argument or no exact pin.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Stable dates from Electron's release schedule; later majors projected on its 8-week cadence.
const STABLE = { 40: '2026-01-13', 41: '2026-03-10', 42: '2026-05-05', 43: '2026-06-30' };
const LAST_KNOWN = 43;
const CADENCE_DAYS = 56;

const args = process.argv.slice(2);
const at = args.indexOf('--today');
const today = at >= 0 ? args[at + 1] ?? '' : new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
  process.stderr.write(`--today: expected YYYY-MM-DD, got ${JSON.stringify(today)}\n`);
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
const pin = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '';
if (!/^\d+\.\d+\.\d+$/.test(pin)) {
  process.stderr.write(`package.json pins no exact electron version (found ${JSON.stringify(pin)})\n`);
  process.exit(2);
}
const major = Number(pin.split('.')[0]);
const stable = (m) => (STABLE[m] ? new Date(STABLE[m]) : new Date(new Date(STABLE[LAST_KNOWN]).getTime() + (m - LAST_KNOWN) * CADENCE_DAYS * 86_400_000));
// Support covers the latest three stable majors, so major N ends when N+3 ships.
const endOfLife = stable(major + 3).toISOString().slice(0, 10);
if (today < endOfLife) {
  process.stdout.write(`Electron ${pin}: supported until about ${endOfLife}, when Electron ${major + 3} ships\n`);
  process.exit(0);
}
process.stdout.write(`Electron ${major} reached end of life about ${endOfLife} (support: the latest three stable majors): upgrade it\n`);
process.exit(1);
