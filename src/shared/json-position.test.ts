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
