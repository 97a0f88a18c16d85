// `bio-workbench export-commands` (the built out/main/cli.js): the commands as shell text, the
// same as JSON, and an invalid file refused with exit 2.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = resolve(process.cwd(), 'out/main/cli.js');
const scenarios = resolve(process.cwd(), 'resources/scenarios');

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
});

const run = (args: string[], input?: string) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 20_000, input });

describe('bio-workbench export-commands', () => {
  it('prints each listener and connection as commands, and the steps with no equivalent', () => {
    const r = run(['export-commands', resolve(scenarios, 'tcp-exchange.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('# connection c to 127.0.0.1:$PORT_l (BIO_SOCK_NODELAY), steps 3, 4\n');
    expect(r.stdout).toContain('socat STDIO TCP4:127.0.0.1:"$PORT_l",nodelay\n');
    expect(r.stdout).toContain('#   step 5 a = BIO_accept_ex(l, peer, 0): socat, ncat and openssl s_server accept the connection themselves');
  });

  it('--json gives the same as data', () => {
    const r = run(['export-commands', resolve(scenarios, 'v6only-dual-stack.json'), '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { endpoints: { title: string; commands: { tool: string; command: string | null }[] }[] };
    expect(out.endpoints[0].title).toBe('listener only6 on [::]:$PORT_only6 (BIO_SOCK_V6_ONLY), steps 1, 2');
    expect(out.endpoints[0].commands[0]).toMatchObject({ tool: 'socat', command: 'socat TCP6-LISTEN:"$PORT_only6",ipv6only=1 STDIO' });
  });

  it('an invalid file exits 2, naming the step and field', () => {
    const r = run(['export-commands', '-'], JSON.stringify({ steps: [{ call: 'BIO_listen', sock: 'l', addr: '127.0.0.1:0' }] }));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bio-workbench: step 1, sock: no earlier step names a socket "l"/);
  });
});
