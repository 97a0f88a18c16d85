// Equivalent commands for a scenario (`bio-workbench export-commands`) or one live socket (the
// window's "Copy as command"): each listener and connection as socat, ncat and openssl command
// lines, and in plain words what does not map. The text is valid shell: notes are comments.
import type { SocketSnapshot } from '../record';
import type { Scenario } from '../steps';
import { scenarioEndpoints, socketEndpoint, type Endpoint, type NoEquivalent } from './endpoints';
import { toolCommands, type ToolCommand } from './tools';
import { shellComment } from '../escape/shell';

export type { Endpoint, NoEquivalent } from './endpoints';
export type { Tool, ToolCommand } from './tools';

export interface EndpointCommands {
  endpoint: Endpoint;
  /** "listener l on 127.0.0.1:4433 (BIO_SOCK_REUSEADDR)" */
  title: string;
  commands: ToolCommand[];
}

export interface CommandExport {
  title: string | null;
  endpoints: EndpointCommands[];
  noEquivalent: NoEquivalent[];
}

/** A host or port template as a person reads it in a title: `$$` (a `$` the scenario holds) is one `$`; `$PORT_x` stays. */
const shown = (template: string): string => template.replace(/\$\$/g, '$');

function where(e: Endpoint): string {
  if (e.transport === 'unix-stream' || e.transport === 'unix-dgram') return `unix:${shown(e.host ?? '')}`;
  const host = shown(e.host ?? (e.family === 'AF_INET6' ? '[::]' : '*'));
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${shown(e.port ?? '0')}`;
}

function titleOf(e: Endpoint): string {
  const what = e.kind === 'listen' ? (e.transport === 'udp' || e.transport === 'unix-dgram' ? 'receiver' : 'listener') : 'connection';
  const flags = e.flags.length ? ` (${e.flags.join(', ')})` : '';
  const steps = e.steps.length ? `, steps ${e.steps.map((i) => i + 1).join(', ')}` : ''; // counted from 1, as a person reads them
  return `${what} ${e.socket} ${e.kind === 'listen' ? 'on' : 'to'} ${where(e)}${flags}${steps}`;
}

function withCommands(endpoint: Endpoint): EndpointCommands {
  return { endpoint, title: titleOf(endpoint), commands: toolCommands(endpoint) };
}

export function scenarioCommands(scenario: Scenario): CommandExport {
  const { endpoints, noEquivalent } = scenarioEndpoints(scenario);
  return { title: scenario.title ?? null, endpoints: endpoints.map(withCommands), noEquivalent };
}

/** A live socket's commands, or why it has none yet. */
export function socketCommands(s: SocketSnapshot): EndpointCommands | { why: string } {
  const found = socketEndpoint(s);
  return 'why' in found ? found : withCommands(found.endpoint);
}

/** One listener or connection as shell text: its title, the variables to set, each tool's line and notes. */
export function endpointText(ec: EndpointCommands): string {
  const out = [comment(ec.title)];
  for (const c of ec.endpoint.caveats) out.push(comment(`  ${c}`));
  for (const [name, what] of Object.entries(ec.endpoint.variables)) out.push(comment(`  set ${name} first: ${what}`));
  for (const c of ec.commands) {
    out.push(c.command ?? comment(`${c.tool}: no equivalent`));
    for (const n of c.notes) out.push(comment(`  ${c.tool}: ${n}`));
  }
  return out.join('\n');
}

/** A `#` line: whatever the text holds, it stays one comment line. */
const comment = (text: string): string => `# ${shellComment(text)}`;

export function commandExportText(x: CommandExport): string {
  const out: string[] = [];
  if (x.title) out.push(comment(x.title), '');
  if (!x.endpoints.length) out.push(comment('no listener or connection in this scenario'), '');
  for (const ec of x.endpoints) out.push(endpointText(ec), '');
  if (x.noEquivalent.length) {
    out.push(comment('steps with no equivalent command:'));
    for (const n of x.noEquivalent) out.push(comment(`  step ${n.step + 1} ${n.c}: ${n.why}`));
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
