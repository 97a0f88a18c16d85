// Where JSON text goes wrong, as an editor shows it: line and column (from 1), and what was
// expected there. JSON.parse says "position 147" at best, and in some cases quotes the text
// instead; a small scanner of our own finds the place the same way in node and in the page.

export interface JsonFault {
  /** Offset (UTF-16 units) of the first character that cannot be JSON there. */
  offset: number;
  /** "unexpected '}'; expected a value". */
  what: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_CHAR = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4}))*/y;

function shown(text: string, at: number): string {
  if (at >= text.length) return 'end of the text';
  const c = text[at];
  if (c === '\n') return 'a line break';
  return c < ' ' ? `control character U+${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` : `'${c}'`;
}

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  skip(): void {
    while (this.i < this.text.length && WS.has(this.text[this.i])) this.i++;
  }

  fault(expected: string): JsonFault {
    return { offset: this.i, what: `unexpected ${shown(this.text, this.i)}; expected ${expected}` };
  }

  /** A string at `i` (its opening quote), or the fault inside it. */
  string(): JsonFault | null {
    STRING_CHAR.lastIndex = this.i + 1;
    STRING_CHAR.exec(this.text);
    this.i = STRING_CHAR.lastIndex;
    if (this.text[this.i] === '"') return (this.i++, null);
    if (this.i >= this.text.length) return this.fault('the closing " of a string');
    return this.fault(this.text[this.i] === '\\' ? 'an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)' : 'text, or \\n for a line break, inside a string');
  }

  /** A scalar or the opening of a container at `i`; `open` gets the container's closing bracket. */
  value(open: (close: string) => void): JsonFault | null {
    const c = this.text[this.i];
    if (c === '{' || c === '[') return (this.i++, open(c === '{' ? '}' : ']'), null);
    if (c === '"') return this.string();
    for (const word of ['true', 'false', 'null']) if (this.text.startsWith(word, this.i)) return ((this.i += word.length), null);
    NUMBER.lastIndex = this.i;
    if (NUMBER.test(this.text)) return ((this.i = NUMBER.lastIndex), null);
    return this.fault('a value (an object, a list, "text", a number, true, false or null)');
  }
}

type Expecting = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'after';

/** One move of the scanner: what it expects next, or where the text stops being JSON. */
function move(s: Scanner, stack: string[], state: Expecting): Expecting | JsonFault {
  const c = s.text[s.i];
  if ((state === 'valueOrClose' && c === ']') || (state === 'keyOrClose' && c === '}')) return (s.i++, stack.pop(), 'after');
  if (state === 'key' || state === 'keyOrClose') {
    if (c !== '"') return s.fault(state === 'key' ? 'a "name" in quotes' : 'a "name" in quotes, or \'}\'');
    const bad = s.string();
    if (bad) return bad;
    s.skip();
    return s.text[s.i] === ':' ? (s.i++, 'value') : s.fault("':' after the name");
  }
  if (state === 'after') {
    const close = stack[stack.length - 1];
    if (close === undefined) return s.i >= s.text.length ? 'after' : s.fault('the end of the text after the JSON value');
    if (c === close) return (s.i++, stack.pop(), 'after');
    if (c === ',') return (s.i++, close === '}' ? 'key' : 'value');
    return s.fault(`',' or '${close}'`);
  }
  let next: Expecting = 'after';
  const bad = s.value((close) => {
    stack.push(close);
    next = close === '}' ? 'keyOrClose' : 'valueOrClose';
  });
  return bad ?? next;
}

/** The first place `text` is not JSON, or null when it parses. */
export function jsonFault(text: string): JsonFault | null {
  const s = new Scanner(text);
  const stack: string[] = [];
  let state: Expecting = 'value';
  for (;;) {
    s.skip();
    if (state === 'after' && stack.length === 0 && s.i >= text.length) return null;
    const next = move(s, stack, state);
    if (typeof next !== 'string') return next;
    state = next;
  }
}

/** Line and column (from 1) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: offset - start + 1 };
}

/** "line 5, column 9: unexpected '}'; expected a value" for text JSON.parse refused (its own message when the scanner finds nothing). */
export function jsonErrorText(text: string, error: Error): string {
  const fault = jsonFault(text);
  if (!fault) return error.message;
  const { line, column } = lineColumn(text, fault.offset);
  return `line ${line}, column ${column}: ${fault.what}`;
}
