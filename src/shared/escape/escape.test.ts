// The escaping functions on their own: what each keeps, what each changes, and what each refuses.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cComment, cString } from './c';
import { shellComment, shellTemplateWord, shellWord, shellWordProblem } from './shell';
import { terminalLines, terminalText } from './terminal';

describe('cString', () => {
  it('escapes quote, backslash and ? (no trigraph), every byte outside printable ASCII as 3-digit octal', () => {
    expect(cString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(cString(new Uint8Array([0x00, 0x31, 0xff]))).toBe('"\\0001\\377"');
    expect(cString('??/')).toBe('"\\?\\?/"');
    expect(cString('é\n')).toBe('"\\303\\251\\012"');
  });
});

describe('cComment', () => {
  it('keeps printable ASCII on one line, with no comment end or start, no backslash and no trigraph', () => {
    expect(cComment('a */ b /* c')).toBe('a * / b / * c');
    expect(cComment('*/*/')).toBe('* / * /');
    expect(cComment('x *\\\r/ y')).toBe('x *<U+005C> / y');
    expect(cComment('??/\n??=')).toBe('? ?/ ? ?=');
    expect(cComment('\u001b[2J café \u0085')).toBe(' [2J caf<U+00E9>  ');
  });
});

describe('shellWord', () => {
  it('leaves a safe word bare and single-quotes the rest, a quote as \'\\\'\'', () => {
    expect(shellWord('127.0.0.1:4433')).toBe('127.0.0.1:4433');
    expect(shellWord("it's !! $HOME `id`")).toBe(`'it'\\''s !! $HOME \`id\`'`);
    expect(shellWord('')).toBe("''");
  });

  it('refuses a control character, which a command line would hide or split', () => {
    expect(shellWordProblem('a\rb')).toMatch(/U\+000D/);
    expect(() => shellWord('a\nb')).toThrow(/U\+000A/);
    expect(shellWordProblem('a b')).toBeNull();
  });
});

describe('shellTemplateWord', () => {
  it("splices the export's own $NAME in double quotes holding nothing else; $$ is a literal $", () => {
    expect(shellTemplateWord('TCP4-LISTEN:$PORT_l,bind=127.0.0.1')).toBe('TCP4-LISTEN:"$PORT_l",bind=127.0.0.1');
    expect(shellTemplateWord('$TMP_DIR/a b!')).toBe(`"$TMP_DIR"'/a b!'`);
    expect(shellTemplateWord('$$HOME')).toBe("'$HOME'");
    expect(shellTemplateWord('$PORT_l')).toBe('"$PORT_l"');
  });
});

describe('shellComment', () => {
  it('turns every control character into a space, so the text stays one comment line', () => {
    expect(shellComment('t\ntouch x\r\u0085y')).toBe('t touch x  y');
  });
});

describe('terminalText', () => {
  it('shows C0 (newline and tab too), DEL and C1 as \\xNN, leaving the rest', () => {
    expect(terminalText('\u001b[2J\r\n\t\u007f\u009bé')).toBe('\\x1b[2J\\x0d\\x0a\\x09\\x7f\\x9bé');
    expect(terminalLines('a\u001b\nb')).toBe('a\\x1b\nb');
  });
});

/** Every code unit 0x01-0xff, the C and shell metacharacters, and a few beyond Latin-1. */
const anyText = fc.string({ unit: fc.oneof(fc.integer({ min: 1, max: 255 }).map((b) => String.fromCharCode(b)), fc.constantFrom('*/', '/*', '??/', '!!', '!#', "'", '$(', '\u2028', '\u0085', '€', '😀')), maxLength: 24 });

/** A C string literal read back as its bytes: the escapes cString writes, nothing more. */
function cBytes(literal: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < literal.length - 1; i++) {
    if (literal[i] !== '\\') out.push(literal.charCodeAt(i));
    else if (/[0-7]/.test(literal[i + 1])) out.push(parseInt(literal.slice(i + 1, (i += 3) + 1), 8));
    else out.push(literal.charCodeAt(++i));
  }
  return out;
}

describe('every byte through each function (property)', () => {
  it('cString: printable ASCII only, reading back as the same bytes', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const lit = cString(t);
        expect(lit).toMatch(/^"[ -~]*"$/);
        expect(lit).not.toMatch(/\?\?/);
        expect(cBytes(lit)).toEqual([...new TextEncoder().encode(t)]);
      }),
      { numRuns: 2000 },
    );
  });

  it('cComment, shellComment, terminalText: no control byte survives; cComment keeps no */, /*, \\ or ??', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        expect(cComment(t)).toMatch(/^[ -~]*$/);
        expect(cComment(t)).not.toMatch(/\*\/|\/\*|\\|\?\?/);
        expect(shellComment(t)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(terminalText(t)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('shellWord: sh and an interactive bash both hand each word on unchanged', () => {
    const words = fc.sample(anyText.filter((t) => shellWordProblem(t) === null), 300);
    const line = `printf '%s\\0' ${words.map(shellWord).join(' ')}\n`;
    for (const [shell, args] of [['/bin/sh', []], ['/bin/bash', ['--norc', '-i']]] as const) {
      const r = spawnSync(shell, args, { input: line, env: { HISTFILE: '/dev/null', PATH: '/usr/bin:/bin' } });
      expect(r.stdout.toString('utf8').split('\0').slice(0, -1)).toEqual(words);
    }
  });
});

describe('the empty word and the wide line separators', () => {
  it('an empty text is one empty shell word, from a template too', () => {
    expect(shellWord('')).toBe("''");
    expect(shellTemplateWord('')).toBe("''");
    expect(shellTemplateWord('$PORT_l')).toBe('"$PORT_l"');
    expect(shellTemplateWord('$$')).toBe("'$'");
  });

  it('shows U+2028 and U+2029 as \\u{…} and a C1 control as \\xNN', () => {
    expect(terminalText('a\u2028b\u2029c\u0085')).toBe('a\\u{2028}b\\u{2029}c\\x85');
  });
});
