// Which of the BIO_SOCK_* flags asked for a call actually reach the socket (the manual's FLAGS section).
import { composeOptions, FLAGS, type FlagName, type OptionCall } from '../flags';

/** The flags of `options` that `call` honours; the rest C passes and the call ignores. */
export function honoured(call: OptionCall, options: number | readonly string[] | undefined): FlagName[] {
  let bits: number;
  try {
    bits = composeOptions(options);
  } catch {
    return [];
  }
  return FLAGS.filter((f) => (bits & f.bit) !== 0 && f.honouredBy.includes(call)).map((f) => f.name);
}
