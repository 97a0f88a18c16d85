// Runs a scenario both ways and compares what the workbench records with what plain C sees: the
// engine through the built CLI, and the C program export-c writes compiled against the same
// libcrypto. Per step the return value, errno name, error-queue codes, applied options, socket
// state and address candidates must be equal; fd numbers, ports and temp paths may differ.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { exportC } from '../cli/export-c';
import type { Scenario } from '../../shared/steps';
import type { CallRecord, SocketSnapshot } from '../../shared/record';

const run = promisify(execFile);
/** The built CLI (npm test builds it first). */
export const builtCli = resolve(process.cwd(), 'out/main/cli.js');

/** Calls whose return value is an fd: numbers differ between processes, so only the sign counts. */
const FD_CALLS = new Set(['BIO_socket', 'BIO_accept_ex', 'BIO_accept', 'BIO_get_accept_socket', 'BIO_get_fd']);

export interface Difference {
  step: number;
  call: string;
  field: string;
  c: unknown;
  engine: unknown;
}

export interface FidelityOutput {
  ok: boolean;
  libcrypto: { supports: { TFO: boolean } };
  steps: CallRecord[];
}

/** Addresses without what legitimately differs between two runs: ports and temp paths. */
function addressShape(text: string | null, paths: string[]): string | null {
  if (text === null) return null;
  let t = text;
  for (const p of paths) t = t.split(p).join('<path>');
  // {tmp} is a fresh directory per run (mkdtemp), different for the engine and for C.
  t = t.replace(/^unix:.*\/bio-workbench-[A-Za-z0-9]{6}\//, 'unix:<tmp>/');
  return t.replace(/:\d+$/, ':<port>');
}

/** What the engine and C must agree on of a socket (fd numbers and bound ports differ). */
type SocketView = Pick<SocketSnapshot, 'role' | 'family' | 'type' | 'local' | 'peer' | 'state' | 'soError'> & { applied: Record<string, boolean | number>; listener: SocketView | null };

function socketView(s: SocketSnapshot | null | undefined, paths: string[]): SocketView | null {
  if (!s) return null;
  return {
    role: s.role,
    family: s.family,
    type: s.type,
    local: addressShape(s.local, paths),
    peer: addressShape(s.peer, paths),
    state: s.state,
    soError: s.soError,
    applied: s.applied,
    listener: s.listener ? socketView(s.listener, paths) : null,
  };
}

/** Every field where the engine's record differs from C's, step by step. */
export function compareRuns(scenario: Scenario, engine: FidelityOutput, c: FidelityOutput, paths: string[] = []): Difference[] {
  const diffs: Difference[] = [];
  if (engine.steps.length !== scenario.steps.length || c.steps.length !== scenario.steps.length) {
    return [{ step: -1, call: '', field: 'step count', c: c.steps.length, engine: engine.steps.length }];
  }
  scenario.steps.forEach((step, i) => {
    const e = engine.steps[i];
    const k = c.steps[i];
    const note = (field: string, cv: unknown, ev: unknown) => {
      if (JSON.stringify(cv) !== JSON.stringify(ev)) diffs.push({ step: i, call: step.call, field, c: cv, engine: ev });
    };
    const target = step.call === 'await' || step.call === 'cancel' ? scenario.steps[step.step].call : step.call;
    note('refused', k.refused !== null, e.refused !== null);
    note('cancelled', k.cancelled !== null, e.cancelled !== null);
    // A loop's ret is its last call's, whose size depends on what the kernel had ready: its sign counts, and the bytes all together.
    if (FD_CALLS.has(target) || e.bulk || k.bulk) note('ret (sign)', k.ret === null ? null : Math.sign(k.ret), e.ret === null ? null : Math.sign(e.ret));
    else note('ret', k.ret, e.ret);
    note('errno', k.errno?.name ?? null, e.errno?.name ?? null);
    note('errorQueue', k.errorQueue.map((q) => q.hex), e.errorQueue.map((q) => q.hex));
    note('errorQueue (data)', k.errorQueue.map((q) => q.data), e.errorQueue.map((q) => q.data));
    const ks = socketView(k.socket, paths);
    const es = socketView(e.socket, paths);
    note('socket', ks === null, es === null);
    if (ks && es) {
      for (const f of ['role', 'family', 'type', 'local', 'peer', 'state', 'soError', 'applied', 'listener'] as const) note(`socket.${f}`, ks[f], es[f]);
    }
    note('data', k.data?.hex ?? null, e.data?.hex ?? null);
    const loop = (r: CallRecord) => (r.bulk ? { direction: r.bulk.direction, bytes: r.bulk.bytes, requested: r.bulk.requested, chunk: r.bulk.chunk, sha256: r.bulk.sha256, first: r.bulk.first, last: r.bulk.last, eof: r.bulk.eof } : null);
    note('bulk', loop(k), loop(e));
    const candidates = (r: CallRecord) => r.addresses?.map((a) => [a.family, addressShape(a.address, paths), a.used]) ?? null;
    note('addresses', candidates(k), candidates(e));
    note('expect.ok', k.expect?.ok ?? null, e.expect?.ok ?? null);
  });
  return diffs;
}

/** The scenario through the engine: `bio-workbench run --json`. */
export async function runEngine(work: string, scenario: Scenario, name: string): Promise<FidelityOutput> {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  // Exit 1 (an expectation failed) still prints the whole record; compare it anyway.
  const out = await run(process.execPath, [builtCli, 'run', file, '--json'], { timeout: 30_000, maxBuffer: 64 << 20 }).catch((e: { code?: number; stdout?: string; stderr?: string }) => {
    if (e.code === 1 && e.stdout) return { stdout: e.stdout };
    throw new Error(`engine run of ${name} failed (exit ${e.code}): ${e.stderr}`);
  });
  return JSON.parse(out.stdout) as FidelityOutput;
}

/** The exported C program, compiled warning-free against the system's libcrypto; returns its path. */
export async function compileC(work: string, scenario: Scenario, name: string): Promise<string> {
  const source = join(work, `${name}.c`);
  const program = join(work, name);
  writeFileSync(source, exportC(scenario));
  // Warnings as errors: every exported program must compile warning-free.
  await run('cc', ['-Wall', '-Wextra', '-Werror', '-o', program, source, '-lssl', '-lcrypto'], { timeout: 60_000 }).catch((e: { stderr?: string }) => {
    throw new Error(`cc failed for ${name}:\n${e.stderr}`);
  });
  return program;
}

/** Runs a compiled program: what it prints has the shape `run --json` prints. */
export async function runProgram(program: string, name: string): Promise<FidelityOutput> {
  const out = await run(program, [], { timeout: 30_000, maxBuffer: 64 << 20 }).catch((e: { code?: number; signal?: string; stdout?: string; stderr?: string }) => {
    if (e.code === 1 && e.stdout) return { stdout: e.stdout };
    throw new Error(`${name} (C) failed (exit ${e.code}${e.signal ? `, killed by ${e.signal}` : ''}): ${e.stderr}`);
  });
  return JSON.parse(out.stdout) as FidelityOutput;
}

export async function runC(work: string, scenario: Scenario, name: string): Promise<FidelityOutput> {
  return runProgram(await compileC(work, scenario, name), name);
}
