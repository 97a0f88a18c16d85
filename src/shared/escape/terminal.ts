// Text from a file or from OpenSSL's error data on its way to a terminal: every control
// character shown as an escape, so none moves the cursor, clears the screen or starts a line.

/** Every C0 control (newline and tab too), DEL and C1 control as a visible `\xNN` (`\u{NNNN}` for U+2028/9). */
export function terminalText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
    const code = ch.codePointAt(0)!;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Several lines for a terminal: each line through terminalText, the newlines between them kept. */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalText).join('\n');
}
