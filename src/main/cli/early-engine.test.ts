// The engine the CLI starts before loading its commands: started only for commands that run one,
// with the options the program will read, handed over only when they match, killed otherwise.
import { describe, expect, it } from 'vitest';
import { engineOptionsOf, startEarlyEngine } from './early-engine';

describe('engineOptionsOf', () => {
  it('reads --libcrypto and --engine-node as commander does: spaced or with =, the last one winning, none after --', () => {
    expect(engineOptionsOf(['f.json', '--libcrypto', 'a.so', '--engine-node=/n', '--libcrypto=b.so', '--', '--libcrypto', 'c.so'])).toEqual({ libcrypto: 'b.so', engineNode: '/n' });
    expect(engineOptionsOf(['f.json', '--json'])).toEqual({});
  });
});

describe('startEarlyEngine', () => {
  it('starts nothing for a command that runs no engine, or for --help', () => {
    expect(startEarlyEngine(['validate', 'f.json'])).toBeNull();
    expect(startEarlyEngine(['run', '--help'])).toBeNull();
  });

  it('hands its engine over once when the options match, and never to a command asking for other options', async () => {
    const early = startEarlyEngine(['version', '--json'])!;
    expect(early.take({ libcrypto: 'other.so', engineNode: undefined, liveView: false })).toBeNull();
    expect(early.take({ libcrypto: undefined, engineNode: undefined, liveView: true })).toBeNull();
    const engine = await early.take({ libcrypto: undefined, engineNode: undefined, liveView: false })!;
    try {
      expect((await engine.request('info', {})).libcrypto.version).toMatch(/^OpenSSL 3/);
      expect(early.take({})).toBeNull();
    } finally {
      await engine.stop();
    }
  });

  it('kills the engine nobody took', async () => {
    const early = startEarlyEngine(['run', 'f.json'])!;
    const unused = early.take({ libcrypto: 'x', engineNode: undefined });
    expect(unused).toBeNull();
    await early.discard(); // resolves once the process has exited: a test left hanging here fails on its timeout
  });
});
