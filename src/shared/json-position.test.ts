import { describe, expect, it } from 'vitest';
import { jsonErrorText, jsonFault, lineColumn } from './json-position';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('jsonFault', () => {
  it('agrees with JSON.parse on what parses', () => {
    const samples = ['{}', '[]', '{"a": [1, 2, {"b": null}], "c": "x\\n\\u00e9"}', ' 1 ', '"s"', '[[[]]]', '{"a":{}}', '-0.5e+3', '{"a": 1,}', '[1,]', '{"a" 1}', '{"a": tru}', '', '{', '[1 2]', '{"a": "x\ny"}', '{"a": "\\q"}', '01', '{} x', '{,}', '{"a":1 "b":2}', "{'a': 1}", '[-]'];
    for (const t of samples) expect(jsonFault(t) === null, t).toBe(parses(t));
  });

  it('points at the first character that cannot be JSON', () => {
    expect(jsonFault('{\n  "a": 1,\n  "b" 2\n}')).toEqual({ offset: 18, what: "unexpected '2'; expected ':' after the name" });
    expect(jsonFault('[1,]')).toMatchObject({ offset: 3, what: expect.stringMatching(/^unexpected '\]'; expected a value/) });
    expect(jsonFault('{"a": 1,}')).toMatchObject({ offset: 8, what: expect.stringMatching(/expected a "name"/) });
    expect(jsonFault('{"a": 1')).toMatchObject({ offset: 7, what: "unexpected end of the text; expected ',' or '}'" });
  });

  it('gives line and column from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    const text = '{\n  "steps": [\n    {"call": "BIO_socket",}\n  ]\n}';
    expect(jsonErrorText(text, new Error('position 40'))).toBe('line 3, column 27: unexpected \'}\'; expected a "name" in quotes');
  });
});

describe('what jsonFault says', () => {
  const what = (text: string) => jsonFault(text)?.what;

  it('names the character it stopped at: a line break, a control character by code point, the end', () => {
    expect(jsonFault('[1\n2]')).toEqual({ offset: 3, what: "unexpected '2'; expected ',' or ']'" });
    expect(what('[\n')).toBe('unexpected end of the text; expected a value (an object, a list, "text", a number, true, false or null)');
    expect(what('{"a": "x\ny"}')).toBe('unexpected a line break; expected text, or \\n for a line break, inside a string');
    expect(what('["\u001b"]')).toBe('unexpected control character U+001B; expected text, or \\n for a line break, inside a string');
    expect(what('[\u001f]')).toMatch(/^unexpected control character U\+001F; expected a value/);
    expect(what('[ ]x')).toBe("unexpected 'x'; expected the end of the text after the JSON value");
  });

  it('inside strings: the closing quote, a bad escape, in values and in names', () => {
    expect(jsonFault('"abc')).toEqual({ offset: 4, what: 'unexpected end of the text; expected the closing " of a string' });
    expect(what('{"a\\q": 1}')).toBe('unexpected \'\\\'; expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)');
    expect(what('["\\x"]')).toMatch(/^unexpected '\\'; expected an escape/);
  });

  it('in objects and lists: a name, a colon, a comma or the closing bracket', () => {
    expect(what('{1}')).toBe('unexpected \'1\'; expected a "name" in quotes, or \'}\'');
    expect(what('{"a":1,}')).toBe('unexpected \'}\'; expected a "name" in quotes');
    expect(what('{"a" 1}')).toBe("unexpected '1'; expected ':' after the name");
    expect(what('[1,]')).toMatch(/^unexpected '\]'; expected a value/);
    expect(what('{"a":1 "b":2}')).toBe("unexpected '\"'; expected ',' or '}'");
    expect(jsonFault('{"a": [true, false, null, -1.5e3, {}], "b": {"c": []}}')).toBeNull();
  });

  it('a line break ends its own line: an offset on it is still that line', () => {
    expect(lineColumn('ab\ncd', 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumn('ab\n\ncd', 4)).toEqual({ line: 3, column: 1 });
  });

  it('gives JSON.parse\'s own message where it finds nothing wrong', () => {
    expect(jsonErrorText('{}', new Error('something else'))).toBe('something else');
  });
});
