// Shell text from scenario fields: every word an exported command line holds goes through
// shellWord (or shellTemplateWord for words with the export's own variables), every comment text
// through shellComment. Safe for sh and for an interactive bash: single quotes only, so neither
// `$`, a backquote nor bash's history `!` is ever read inside a word.

const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** What no word on one command line may hold: the C0 controls, DEL and C1, and the line separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `text` cannot be one word of a one-line command, or null when it can. */
export function shellWordProblem(text: string): string | null {
  const m = CONTROL.exec(text);
  return m ? `holds the control character U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, which a command line would hide or split` : null;
}

/** One shell word holding `text` exactly: bare when every character is safe, else in single quotes. */
export function shellWord(text: string): string {
  const problem = shellWordProblem(text);
  if (problem) throw new Error(`a shell word ${problem}`);
  if (text === '') return "''";
  return BARE.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One shell word from a template where `$NAME` is one of the export's own variables (`$PORT_l`,
 * `$TMP_DIR`) and `$$` a `$` the text itself holds: the variables are spliced in double quotes
 * (which hold nothing else), everything else single-quoted.
 */
export function shellTemplateWord(template: string): string {
  let out = '';
  let literal = '';
  let last = 0;
  for (const m of template.matchAll(/\$\$|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    literal += template.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] === undefined) literal += '$';
    else {
      out += (literal ? shellWord(literal) : '') + `"$${m[1]}"`;
      literal = '';
    }
  }
  literal += template.slice(last);
  return out === '' || literal ? out + shellWord(literal) : out;
}

/** Text for the rest of a `#` comment line: control characters become spaces, so it stays one line. */
export function shellComment(text: string): string {
  return text.replace(new RegExp(CONTROL.source, 'g'), ' ');
}
