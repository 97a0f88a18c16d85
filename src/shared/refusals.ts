// Why the engine refuses a step before native code, in the words every layer shows: written once,
// so the window, its tests and the engine cannot drift apart.

export const refusals = {
  nameInUse: (name: string, fd: number) => `socket name "${name}" is already in use by fd ${fd}; close it first or pick another name`,
  noSuchName: (name: string) => `no open socket is named "${name}"; name one with "as" on BIO_socket or BIO_accept_ex`,
  notOurs: (fd: number) => `fd ${fd} is not a socket this engine created (or it was already closed); the engine only acts on its own sockets`,
  atLimit: (held: number, max: number) => `the session already holds ${held} sockets, the limit (maxSockets ${max}); close some first`,
  failedName: (call: string, name: string, ret: number) => `${call} for "${name}" failed (ret ${ret}), so there is no socket named "${name}"`,
};
