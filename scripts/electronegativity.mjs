#!/usr/bin/env node
// Electronegativity over the sources (and the built preload and page bundles when present). It
// reports findings but never fails, so this script does: any finding not explained, per file and
// check, in .electronegativity-allowlist.json exits 1, and so does an entry that explains nothing.
//
//   node scripts/electronegativity.mjs [--root DIR] [--allowlist FILE] [--json]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const root = resolve(option('--root', fileURLToPath(new URL('..', import.meta.url))));
const allowlistFile = resolve(root, option('--allowlist', '.electronegativity-allowlist.json'));
const asJson = args.includes('--json');

// src is required; the built bundles are scanned when a build left them (npm test builds first).
// Global checks judge the whole app (is there a CSP, a navigation limit anywhere?), so they run on
// the sources only; a bundle alone would lack them by construction. Bundles get the per-file checks.
const TARGETS = [
  { dir: 'src', required: true, globalChecks: true },
  { dir: 'out/preload', required: false, globalChecks: false },
  { dir: 'out/renderer/assets', required: false, globalChecks: false },
];
const GLOBAL_CHECKS = ['AffinityGlobalCheck', 'CSPGlobalCheck', 'HTTPResourcesAndNodeIntegrationGlobalCheck', 'LimitNavigationGlobalCheck', 'PermissionRequestHandlerGlobalCheck'];
// Needs the network (Electron's release list); `npm run check-support` holds that item offline
// instead, outside npm test since its answer changes with the date.
const EXCLUDED = { AvailableSecurityFixesGlobalCheck: 'fetches the Electron release list over the network; npm run check-support covers it' };

const problems = [];
const fail = (message) => problems.push(message);

function readAllowlist() {
  if (!existsSync(allowlistFile)) return [];
  let entries;
  try {
    entries = JSON.parse(readFileSync(allowlistFile, 'utf8'));
  } catch (e) {
    fail(`${relative(root, allowlistFile)} is not valid JSON: ${e.message}`);
    return [];
  }
  if (!Array.isArray(entries)) {
    fail(`${relative(root, allowlistFile)} must be an array of {file, check, reason}`);
    return [];
  }
  return entries.filter((e, i) => {
    const ok = e && typeof e === 'object' && Object.keys(e).sort().join(',') === 'check,file,reason' && [e.file, e.check, e.reason].every((v) => typeof v === 'string' && v.trim().length > 0);
    if (!ok) fail(`allowlist entry ${i} must be exactly {file, check, reason}, each a non-empty string: ${JSON.stringify(e)}`);
    return ok;
  });
}

function electronVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  const version = typeof range === 'string' ? range.replace(/^[\^~=v]+/, '') : '';
  if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error(`package.json pins no exact electron version (found ${JSON.stringify(range)}): the checks' defaults depend on it`);
  return version;
}

/** Files Electronegativity reads (its own filter), to say how much was scanned. */
function countFiles(dir) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) n += countFiles(p);
    else if (/\.(js|jsx|ts|tsx|html|htm)$/.test(name) || name === 'package.json') n++;
  }
  return n;
}

function loadRunner() {
  const require = createRequire(import.meta.url);
  const runnerPath = require.resolve('@doyensec/electronegativity');
  // Offline and deterministic: its HTTP client (translations from S3, release lists) always fails fast.
  const gotPath = require.resolve('got', { paths: [dirname(runnerPath)] });
  const offline = () => Promise.reject(new Error('electronegativity runs offline here'));
  offline.head = offline;
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };
  const version = JSON.parse(readFileSync(join(dirname(runnerPath), '..', 'package.json'), 'utf8')).version;
  return { run: require(runnerPath), version };
}

async function scan(run, { dir, globalChecks }, version) {
  // The tool prints progress and translation warnings through console; our output is the summary.
  const { log, warn, error } = console;
  const noise = [];
  console.log = console.warn = console.error = (...a) => noise.push(a.join(' '));
  try {
    return await run(
      {
        input: join(root, dir),
        isRelative: true,
        customScan: [],
        excludeFromScan: [...Object.keys(EXCLUDED), ...(globalChecks ? [] : GLOBAL_CHECKS)].map((c) => c.toLowerCase()),
        parserPlugins: [],
        electronVersionOverride: version,
      },
      false,
    );
  } finally {
    Object.assign(console, { log, warn, error });
  }
}

const entries = readAllowlist();
const { run, version: toolVersion } = loadRunner();
const electron = electronVersion();
const scanned = [];
const skipped = [];
const findings = [];
const warnings = [];
let files = 0;
let checks = 0;

for (const target of TARGETS) {
  if (!existsSync(join(root, target.dir))) {
    if (target.required) fail(`${target.dir}/ is missing: nothing to scan`);
    else skipped.push(target.dir);
    continue;
  }
  const result = await scan(run, target, electron);
  scanned.push(target.dir);
  files += countFiles(join(root, target.dir));
  checks = Math.max(checks, result.globalChecks + result.atomicChecks);
  for (const e of result.errors) {
    const file = posix.join(target.dir, relative(join(root, target.dir), e.file).split(sep).join('/'));
    // A file that did not parse was not checked: that is a failure, not a pass.
    if (e.tolerable) warnings.push(`${file}: parsed with a warning: ${e.message}`);
    else fail(`${file}: could not be parsed, so it was not checked: ${e.message}`);
  }
  for (const issue of result.issues) {
    findings.push({
      file: posix.join(target.dir, issue.file.split(sep).join('/')),
      line: issue.location?.line ?? 0,
      column: issue.location?.column ?? 0,
      check: issue.id,
      severity: issue.severity?.name ?? '?',
      confidence: issue.confidence?.name ?? '?',
      description: issue.description,
      url: issue.shortenedURL,
    });
  }
}

const explains = (entry, f) => entry.file === f.file && entry.check === f.check;
const unexplained = findings.filter((f) => !entries.some((e) => explains(e, f)));
for (const f of unexplained) fail(`${f.file}:${f.line}:${f.column} ${f.check} (${f.severity}, ${f.confidence}): ${f.description} ${f.url ?? ''}`.trim());
for (const e of entries) {
  // An entry under a bundle that was not built this run cannot be judged stale.
  const judged = scanned.some((d) => e.file === d || e.file.startsWith(d + '/'));
  if (judged && !findings.some((f) => explains(e, f))) fail(`allowlist entry explains no finding (remove it): ${e.file} ${e.check}`);
}

const allowlisted = findings.length - unexplained.length;
const summary =
  `electronegativity ${toolVersion} (Electron ${electron}): ${files} files, ${checks} checks, ${findings.length} findings, ` +
  `${allowlisted} allowlisted, ${unexplained.length} unexplained; scanned ${scanned.join(', ') || 'nothing'}` +
  (skipped.length ? `; not built, skipped: ${skipped.join(', ')}` : '') +
  `; excluded: ${Object.keys(EXCLUDED).join(', ')} (${Object.values(EXCLUDED).join('; ')})`;

if (asJson) {
  process.stdout.write(JSON.stringify({ ok: problems.length === 0, summary, problems, findings, warnings, scanned, skipped }, null, 2) + '\n');
} else {
  for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
  for (const p of problems) process.stdout.write(`FAIL ${p}\n`);
  process.stdout.write(summary + '\n');
}
process.exit(problems.length === 0 ? 0 : 1);
