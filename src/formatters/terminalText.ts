/**
 * Text from a runbook (step names, values quoted in messages) made safe for one terminal line: line breaks and tabs
 * become spaces, and control characters (which could move the cursor or recolour the terminal) and bidirectional
 * overrides (which could reorder what is shown) are written as visible `\u{…}` escapes.
 */
export function terminalText(text: string): string {
  return (
    text
      .replace(/\r\n|[\r\n\t]/g, ' ')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are escaped.
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => {
        return `\\u{${char.codePointAt(0)?.toString(16) ?? ''}}`;
      })
      .trimEnd()
  );
}
