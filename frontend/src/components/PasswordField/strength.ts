/** The password rule, as the server applies it (server/access/password.go). */
export const passwordRule = '12 to 256 characters, hard to guess, and not containing your email or name.';

export type Verdict = { score: number; label: string; ok: boolean };

type Checker = (password: string, inputs: string[]) => number;

let loading: Promise<Checker> | null = null;

/** Loads zxcvbn and its common dictionaries once, on first use (they are large). */
export function loadChecker(): Promise<Checker> {
  loading ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(([core, common]) => {
    const z = new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
    return (password, inputs) => z.check(password.slice(0, 100), inputs).score;
  });
  return loading;
}

/** The words of an email's local part and of a name, as the server compares them. */
export function personalWords(personal: string[]): string[] {
  const out: string[] = [];
  for (const p of personal) {
    const local = p.toLowerCase().trim().split('@')[0] ?? '';
    out.push(local, ...local.split(/[^\p{L}\p{N}]+/u));
  }
  return out.filter((w) => w.length >= 3);
}

/** What the meter says of a password: the server's rule, with zxcvbn's score (0 to 4). */
export function verdict(password: string, personal: string[], score: number): Verdict {
  const lower = password.toLowerCase();
  if ([...password].length < 12) return { score: 0, label: `${[...password].length} of at least 12 characters`, ok: false };
  if ([...password].length > 256) return { score: 0, label: 'At most 256 characters', ok: false };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(password)) return { score: 0, label: 'No control characters', ok: false };
  if (personalWords(personal).some((w) => w.length >= 4 && lower.includes(w))) return { score: 0, label: 'Contains your email or name', ok: false };
  if (score < 3) return { score, label: 'Too easy to guess: add a few unrelated words', ok: false };
  return { score, label: score === 3 ? 'Good' : 'Strong', ok: true };
}
