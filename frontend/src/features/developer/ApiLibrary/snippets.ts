/**
 * Ready-to-run calls of a documented API in curl, JavaScript (fetch) and Go (net/http), each
 * carrying the chosen token in the X-Auth-Token header.
 */

/** One documented call, joined to its module's base URL. */
export interface Call {
  method: string;
  /** The base URL and the path: https://api.example.com/v1/customers/{id}. */
  url: string;
  /** The JSON request body, "" for none. */
  body?: string | null;
}

/**
 * The token a snippet carries: an environment variable (the placeholder, or one named after a
 * token whose secret was shown once), or a secret pasted into the page.
 */
export type TokenRef = { kind: 'env'; name: string; comment?: string } | { kind: 'secret'; secret: string };

export type Language = 'curl' | 'javascript' | 'go';

export const languages: { value: Language; label: string }[] = [
  { value: 'curl', label: 'curl' },
  { value: 'javascript', label: 'JavaScript' },
  { value: 'go', label: 'Go' },
];

/** The placeholder every snippet uses until a token is chosen. */
export const placeholderToken: TokenRef = { kind: 'env', name: 'KEYWARD_TOKEN' };

/** A Keyward token string: kw_, 43 base62 characters of randomness and 6 of checksum. */
export const tokenShape = /^kw_[0-9A-Za-z]{49}$/;

/** The display hint of a token string, as Keyward keeps it: kw_AbCd…wxyz. */
export function hintOf(secret: string): string {
  return `${secret.slice(0, 7)}…${secret.slice(-4)}`;
}

/** The environment variable for a token named name: Billing export → KEYWARD_TOKEN_BILLING_EXPORT. */
export function envNameFor(name: string): string {
  const part = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // Zürich → ZURICH
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return part ? `KEYWARD_TOKEN_${part}` : 'KEYWARD_TOKEN';
}

/** A reference to a token of the console's list: its secret was shown once, so an environment variable holds it. */
export function namedToken(name: string, hint: string): TokenRef {
  return { kind: 'env', name: envNameFor(name), comment: `Token "${name}" (${hint}): set ${envNameFor(name)} to its secret.` };
}

/** Joins a base URL and a path with exactly one slash between them. */
export function joinUrl(base: string | null | undefined, path: string): string {
  if (!base) return path;
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

/** Quotes s for a POSIX shell: single quotes, each ' written as '\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A JavaScript string literal in single quotes. */
function jsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/** A Go interpreted string literal (JSON's escapes are Go's). */
function goString(s: string): string {
  return JSON.stringify(s);
}

function hasBody(call: Call): call is Call & { body: string } {
  return !!call.body && call.body.trim() !== '';
}

/** The body pretty-printed when it is JSON, else as given. */
function prettyBody(body: string): { json: boolean; text: string } {
  try {
    return { json: true, text: JSON.stringify(JSON.parse(body), null, 2) };
  } catch {
    return { json: false, text: body };
  }
}

/** curl: the token as a shell variable in double quotes, or the pasted secret in single quotes. */
export function curlSnippet(call: Call, token: TokenRef): string {
  const lines: string[] = [];
  if (token.kind === 'env' && token.comment) lines.push(`# ${token.comment}`);
  const method = call.method.toUpperCase();
  const args = [method === 'GET' ? `curl -s ${shellQuote(call.url)}` : `curl -s -X ${method} ${shellQuote(call.url)}`];
  args.push(token.kind === 'env' ? `-H "X-Auth-Token: $${token.name}"` : `-H ${shellQuote(`X-Auth-Token: ${token.secret}`)}`);
  if (hasBody(call)) {
    args.push(`-H 'Content-Type: application/json'`);
    args.push(`-d ${shellQuote(call.body.trim())}`);
  }
  lines.push(args.join(' \\\n  '));
  return lines.join('\n');
}

/** JavaScript: fetch, reading the token from process.env or using the pasted secret. */
export function fetchSnippet(call: Call, token: TokenRef): string {
  const lines: string[] = [];
  if (token.kind === 'env' && token.comment) lines.push(`// ${token.comment}`);
  lines.push(`const response = await fetch(${jsString(call.url)}, {`);
  lines.push(`  method: ${jsString(call.method.toUpperCase())},`);
  lines.push('  headers: {');
  lines.push(`    'X-Auth-Token': ${token.kind === 'env' ? `process.env.${token.name}` : jsString(token.secret)},`);
  if (hasBody(call)) {
    lines.push(`    'Content-Type': 'application/json',`);
    lines.push('  },');
    const body = prettyBody(call.body.trim());
    lines.push(body.json ? `  body: JSON.stringify(${body.text.replace(/\n/g, '\n  ')}),` : `  body: ${jsString(body.text)},`);
  } else {
    lines.push('  },');
  }
  lines.push('});');
  lines.push('console.log(response.status, await response.json());');
  return lines.join('\n');
}

const goMethods: Record<string, string> = {
  GET: 'http.MethodGet',
  POST: 'http.MethodPost',
  PUT: 'http.MethodPut',
  PATCH: 'http.MethodPatch',
  DELETE: 'http.MethodDelete',
};

/** Go: a whole program with net/http, reading the token from the environment or using the pasted secret. */
export function goSnippet(call: Call, token: TokenRef): string {
  const method = call.method.toUpperCase();
  const body = hasBody(call) ? call.body.trim() : '';
  const imports = ['"fmt"', '"io"', '"net/http"'];
  if (token.kind === 'env') imports.push('"os"');
  if (body) imports.push('"strings"');
  const lines = ['package main', '', 'import (', ...imports.map((i) => `\t${i}`), ')', '', 'func main() {'];
  if (token.kind === 'env' && token.comment) lines.push(`\t// ${token.comment}`);
  // A raw string keeps a JSON body readable; one holding a backquote is quoted instead.
  if (body) lines.push(`\tbody := strings.NewReader(${body.includes('`') ? goString(body) : '`' + body + '`'})`);
  lines.push(`\treq, err := http.NewRequest(${goMethods[method] ?? goString(method)}, ${goString(call.url)}, ${body ? 'body' : 'nil'})`);
  lines.push('\tif err != nil {', '\t\tpanic(err)', '\t}');
  lines.push(`\treq.Header.Set("X-Auth-Token", ${token.kind === 'env' ? `os.Getenv(${goString(token.name)})` : goString(token.secret)})`);
  if (body) lines.push('\treq.Header.Set("Content-Type", "application/json")');
  lines.push('\tres, err := http.DefaultClient.Do(req)');
  lines.push('\tif err != nil {', '\t\tpanic(err)', '\t}');
  lines.push('\tdefer res.Body.Close()');
  lines.push('\tdata, _ := io.ReadAll(res.Body)');
  lines.push('\tfmt.Println(res.Status, string(data))');
  lines.push('}');
  return lines.join('\n');
}

/** The snippet of call in language. */
export function snippet(language: Language, call: Call, token: TokenRef): string {
  switch (language) {
    case 'javascript':
      return fetchSnippet(call, token);
    case 'go':
      return goSnippet(call, token);
    default:
      return curlSnippet(call, token);
  }
}

/**
 * Whether a role covers the permission module:action a call needs: the plain permission, or
 * one qualified (transactions:read:own grants transactions:read limited to "own"). Answers the
 * qualifier that limits it ("" for none), or null when not covered.
 */
export function coverage(permission: string, role: { allPermissions: boolean; permissions: string[] }): string | null {
  if (role.allPermissions || role.permissions.includes(permission)) return '';
  const [module, action, qualifier] = permission.split(':');
  if (qualifier) return role.permissions.includes(`${module}:${action}`) ? '' : null;
  const limited = role.permissions.find((p) => p.startsWith(`${module}:${action}:`));
  return limited ? limited.split(':')[2] : null;
}
