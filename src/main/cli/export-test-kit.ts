// What the export tests share: a scratch directory, compiling and running an exported program,
// and running exported command lines in a shell whose socat, ncat and openssl only record argv.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '../../shared/record';

export const scratchDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `bio-${prefix}-`));

/** Compiles `source` as `name` in `dir` with `flags`; throws with the compiler's output when it fails. */
export function compile(dir: string, name: string, source: string, flags: string[]): string {
  const src = join(dir, `${name}.c`);
  writeFileSync(src, source);
  // libssl for the TLS calls; the linker drops it from a program that makes none.
  const r = spawnSync('cc', [...flags, '-pthread', '-o', join(dir, name), src, '-lssl', '-lcrypto'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc ${flags.join(' ')} failed:\n${r.stderr}`);
  return join(dir, name);
}

/** Whether `unshare -n` works here: a program whose fields name random hosts then runs with loopback only. */
export const canIsolate = (): boolean => spawnSync('unshare', ['-n', 'true']).status === 0;

/** Runs a compiled program in `cwd` (in a network namespace of its own with loopback only, when `isolated`) and parses its JSON. */
export function runProgram(program: string, cwd: string, isolated: boolean): { ok: boolean; title: string; steps: CallRecord[] } {
  const [cmd, args] = isolated ? ['unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$0"', program]] : [program, []];
  const r = spawnSync(cmd as string, args as string[], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${program} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { ok: boolean; title: string; steps: CallRecord[] };
}

const STUB = `#!/bin/sh
# Records its own name and arguments, NUL-separated, one record per run ended by a lone \\001.
{ printf '%s\\0' "\${0##*/}" "$@"; printf '\\001\\0'; } >> "$ARGV_LOG"
`;

export interface ShellRun {
  status: number | null;
  stderr: string;
  /** argv of each socat, ncat or openssl the text ran, in order, the tool's name first. */
  runs: string[][];
}

/**
 * Runs shell text with a PATH of stub socat, ncat and openssl in the empty directory `cwd`;
 * `interactive` runs it as `bash -i` reads a paste (history expansion on).
 */
export function runCommands(text: string, cwd: string, vars: Record<string, string>, interactive: boolean): ShellRun {
  const home = mkdtempSync(join(tmpdir(), 'bio-stub-'));
  const bin = join(home, 'bin');
  mkdirSync(bin);
  for (const tool of ['socat', 'ncat', 'openssl']) {
    writeFileSync(join(bin, tool), STUB);
    chmodSync(join(bin, tool), 0o755);
  }
  const log = join(home, 'argv');
  writeFileSync(log, '');
  const args = interactive ? ['--norc', '--noprofile', '-i'] : ['--norc', '--noprofile'];
  const r = spawnSync('/bin/bash', args, { input: text, cwd, encoding: 'utf8', env: { PATH: bin, HOME: home, HISTFILE: '/dev/null', ARGV_LOG: log, ...vars } });
  const runs = readFileSync(log, 'utf8').split('\u0001\0').slice(0, -1).map((rec) => rec.split('\0').slice(0, -1));
  execFileSync('rm', ['-rf', home]);
  return { status: r.status, stderr: r.stderr, runs };
}

/** A socat address as socat's lexer reads it: `\` escapes, unescaped `,` separates options, `!!` a second address. */
export function socatAddress(word: string): { address: string; options: string[]; dual: boolean } {
  const parts: string[] = [''];
  let dual = false;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (ch === '\\') parts[parts.length - 1] += word[++i] ?? '';
    else if (ch === ',') parts.push('');
    else if (ch === '!' && word[i + 1] === '!') {
      dual = true;
      i++;
    } else parts[parts.length - 1] += ch;
  }
  return { address: parts[0], options: parts.slice(1), dual };
}
