// export-c: one self-contained C program making a scenario's calls in the same order against
// the same libcrypto, printing the engine's --json shape, so what the workbench records can be
// checked against plain C. Build it with `cc prog.c -lcrypto` on OpenSSL 3.0 headers or later.
// The program is the runtime (export-c/runtime/, real C inlined at build time), the flag guards,
// one function per step (export-c/step-function.ts) and main() (export-c/control.ts).
import type { Scenario } from '../../shared/steps';
import { FLAGS } from '../../shared/flags';
import { cString, cComment } from '../../shared/escape/c';
import { plan, type Plan } from './export-c/plan';
import { C_RUNTIME } from './export-c/runtime';
import { stepFunction } from './export-c/step-function';
import { backgroundFunctions, schedule } from './export-c/control';
import { expectationsFunction } from './export-c/expectations';
import { tlsDeclarations } from './export-c/tls-calls';


function banner(scenario: Scenario): string {
  return `/*
 * ${cComment(scenario.title ?? '(untitled scenario)')}
 * ${(scenario.description ?? '').split('\n').map(cComment).join('\n * ')}
 *
 * Written by \`bio-workbench export-c\`: the scenario's calls, in order, against libcrypto, each
 * with ERR_clear_error(); errno = 0; before and errno plus the whole error queue read right
 * after. It prints the workbench's --json shape: {"ok", "title", "libcrypto", "steps": [...]}.
 * Build: cc prog.c -lcrypto    Run: ./a.out    Exit: 0 when every expectation held, 1 otherwise.
 * (On a glibc older than 2.34, add -pthread: background connects run on threads.)
 *
 * Background steps: C runs one call at a time. A background step that waits for readiness
 * (BIO_accept_ex, BIO_accept, BIO_read, BIO_write, wait) is made at once if its socket is
 * ready, else retried after each later step and finally waited for at its "await" (or marked
 * cancelled at its "cancel"), so a background blocking accept followed by a connect works: the
 * connect lands in the listener's backlog, the accept runs when it can. A background blocking
 * BIO_connect runs on a thread of its own; other background steps are made in place. A
 * nonblocking listener or socket is never pre-polled: its call is made and returns what C
 * returns (-1 with EAGAIN).
 * Steps naming an fd number are refused, as the engine refuses fds it did not create.
 */`;
}

/** #define for each BIO_SOCK_* flag the headers may lack (BIO_SOCK_TFO before OpenSSL 3.2). */
function flagGuards(): string {
  return FLAGS.map((f) => `#ifndef ${f.name}\n# define ${f.name} 0x${f.bit.toString(16).padStart(2, '0')} /* OpenSSL ${f.sinceText} */\n#endif`).join('\n');
}

/** A variable, a socket BIO and a wb_info per socket name, and per anonymous socket. */
function socketDeclarations(p: Plan): string[] {
  const out: string[] = [];
  for (const [name, v] of p.vars) {
    out.push(`static int ${v} = -1;`, `static BIO *bio_${v} __attribute__((unused));`, `static struct wb_info wb_info_${v} = { ${cString(name)}, 0, 0, 0, ${cString(`no open socket is named "${name}" yet`)} };`);
  }
  for (const i of p.anon) out.push(`static int wb_fd_${i} = -1;`, `static struct wb_info wb_info_wb_fd_${i} = { NULL, 0, 0, 0, "unnamed" };`);
  return out;
}

export function exportC(scenario: Scenario): string {
  const p = plan(scenario);
  const functions = scenario.steps.flatMap((s, i) => (s.call === 'await' || s.call === 'cancel' ? [] : [stepFunction(i, s, p)]));
  const sockets = [...p.vars.values(), ...[...p.anon].map((i) => `wb_fd_${i}`)];
  const closeAll = sockets.map((v) => `    if (${v} >= 0)\n        BIO_closesocket(${v});`);
  return `${banner(scenario)}
${C_RUNTIME}
${flagGuards()}

/* ---- the scenario ---- */

#define WB_STEPS ${scenario.steps.length}
static struct wb_rec R[WB_STEPS];
static int wb_pending[WB_STEPS] __attribute__((unused));
static const char wb_title[] = ${cString(scenario.title ?? '(untitled scenario)')};

/* The scenario's sockets, named as the scenario names them. */
${socketDeclarations(p).join('\n')}
${tlsDeclarations(scenario, p).join('\n')}

${[...functions, ...backgroundFunctions(p), expectationsFunction(scenario)].join('\n\n')}

int main(void)
{
    wb_start(R, WB_STEPS);
${schedule(scenario, p).join('\n')}
    wb_check_expectations();
    int ok = wb_print(wb_title);
${closeAll.join('\n')}
    return ok ? 0 : 1;
}
`;
}
