// The README's "One call, end to end" names the files a call passes through: each must exist, so a
// move or rename that leaves the walk-through behind fails here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### One call, end to end'), readme.indexOf('\n## ', readme.indexOf('### One call, end to end')));

describe('the README\'s one call, end to end', () => {
  it('names only files that exist', () => {
    const named = [...section.matchAll(/`(src\/[^`]+\.tsx?)`/g)].map((m) => m[1]);
    const engine = [...section.matchAll(/`((?:calls\/)?[a-z-]+\.ts)`/g)].map((m) => `src/main/engine/${m[1]}`);
    expect(named.length).toBeGreaterThan(10);
    expect([...named, ...engine].filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });
});
