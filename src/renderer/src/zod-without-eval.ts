// The page's Content-Security-Policy allows no eval. zod checks the scenario files opened here, so
// it must build its parsers without compiling code, and without probing whether it may (the probe
// itself is reported as a violation). Imported first, before any schema is built.
import { config } from 'zod';

config({ jitless: true });
