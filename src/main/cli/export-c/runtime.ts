// The fixed C part of every exported program, kept as real C files under runtime/ (each compiles
// on its own against wb-runtime.h) and inlined here as text at build time, so the program the
// user gets stays one self-contained .c file.
import header from './runtime/wb-runtime.h?raw';
import record from './runtime/record.c?raw';
import kernel from './runtime/kernel.c?raw';
import address from './runtime/address.c?raw';
import background from './runtime/background.c?raw';
import expect from './runtime/expect.c?raw';
import json from './runtime/json.c?raw';
import bulk from './runtime/bulk.c?raw';

const INCLUDE = '#include "wb-runtime.h"\n';

/** A part without its #include of the header, which the program holds inline above it. */
function inline(name: string, text: string): string {
  if (!text.includes(INCLUDE)) throw new Error(`runtime/${name}: expected it to include "wb-runtime.h"`);
  return text.replace(INCLUDE, '');
}

/** The runtime as the exported program holds it: the header, then every part. */
export const C_RUNTIME = [
  header,
  inline('record.c', record),
  inline('kernel.c', kernel),
  inline('address.c', address),
  inline('background.c', background),
  inline('expect.c', expect),
  inline('bulk.c', bulk),
  inline('json.c', json),
].join('\n');
