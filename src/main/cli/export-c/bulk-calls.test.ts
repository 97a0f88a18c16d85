// A BIO_write loop's pattern as the exported C holds it: the text's UTF-8 bytes, or the hex's
// bytes with every blank between the digits dropped.
import { describe, expect, it } from 'vitest';
import { exportC } from '../export-c';
import { checkScenarioText } from '../../../shared/scenario-check';

function programOf(steps: unknown[]): string {
  const checked = checkScenarioText(JSON.stringify({ title: 'bulk', steps }));
  if (!checked.ok) throw new Error(checked.error.message);
  return exportC(checked.scenario);
}

const sock = { call: 'BIO_socket', as: 'c', domain: 'AF_INET', socktype: 'SOCK_STREAM' };

describe('a BIO_write loop\'s pattern', () => {
  it('is the hex\'s bytes, blanks and line breaks between the digits dropped', () => {
    const c = programOf([sock, { call: 'BIO_write', sock: 'c', dataHex: 'de ad\n be\tef', bytes: 100 }]);
    expect(c).toContain('    static const unsigned char pattern[5] = "\\336\\255\\276\\357";\n');
    expect(c).toContain('.pattern = pattern, .pattern_len = 4, .file = NULL,');
    expect(c).toContain('.bytes = 100LL,');
  });

  it('is the text\'s UTF-8 bytes', () => {
    const c = programOf([sock, { call: 'BIO_write', sock: 'c', data: 'é!', bytes: 9 }]);
    expect(c).toContain('.pattern = pattern, .pattern_len = 3, .file = NULL,');
  });
});

describe('a loop\'s expectations', () => {
  it('checks the bytes moved and their SHA-256 after the program ran', () => {
    const sha = 'ab'.repeat(32);
    const c = programOf([sock, { call: 'BIO_write', sock: 'c', data: 'x', bytes: 100, expect: { bytes: 100, sha256: sha } }]);
    expect(c).toContain(`    wb_expect_bulk_bytes(&R[1], 100LL);\n    wb_expect_bulk_sha256(&R[1], "${sha}");\n`);
  });
});
