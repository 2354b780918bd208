/** A comment is one line: a line break typed or pasted becomes a space (the server refuses them). */
export function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

/** The server's reason as a sentence: capitalised, with a full stop. */
export function sentence(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
