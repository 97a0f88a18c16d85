// C source text from scenario fields: every string an exported program holds goes through
// cString, every comment text through cComment, so no field can end either early.

/** A C string literal: printable ASCII kept, `\` `"` `?` escaped, every other byte a 3-digit octal escape. */
export function cString(text: string | Uint8Array): string {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x3f) out += '\\?'; // `??/` is a backslash under -std=c11 (trigraphs)
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0'); // always 3 digits: the next character is never taken in
  }
  return out + '"';
}

/** A character cComment cannot keep, as printable ASCII text. */
function unicodeName(ch: string): string {
  return `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Text for one line inside a C comment: printable ASCII only. Control bytes (CR, LF, TAB, ESC,
 * DEL, C1) become a space, a backslash and any other character its <U+XXXX> name; `*` `/` and
 * `/` `*` get a space between, `??` becomes `? ?` (no trigraph), so nothing splices a line,
 * ends the comment or opens another.
 */
export function cComment(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[^\u0020-\u007e]|\\/gu, unicodeName)
    .replace(/\*(?=\/)|\/(?=\*)|\?(?=\?)/g, '$& ');
}
