import { coverage, curlSnippet, envNameFor, fetchSnippet, goSnippet, hintOf, joinUrl, namedToken, placeholderToken, tokenShape, type Call } from './snippets';

const base = 'https://demo.fincode.software/api/v6/services';
const get: Call = { method: 'GET', url: joinUrl(base, '/customers/{customerId}') };
const post: Call = { method: 'POST', url: joinUrl(`${base}/`, 'transactions'), body: `{"reference": "Rent \\"March\\"", "note": "it's paid"}` };
const secret = 'kw_' + 'A1b2C3d4E5'.repeat(4) + 'xyz' + 'Zz9Zz9';

describe('curl', () => {
  it('reads the placeholder from the environment', () => {
    expect(curlSnippet(get, placeholderToken)).toBe(`curl -s 'https://demo.fincode.software/api/v6/services/customers/{customerId}' \\
  -H "X-Auth-Token: $KEYWARD_TOKEN"`);
  });

  it('sends a JSON body in single quotes, each quote of it escaped for the shell', () => {
    expect(curlSnippet(post, { kind: 'secret', secret })).toBe(`curl -s -X POST 'https://demo.fincode.software/api/v6/services/transactions' \\
  -H 'X-Auth-Token: ${secret}' \\
  -H 'Content-Type: application/json' \\
  -d '{"reference": "Rent \\"March\\"", "note": "it'\\''s paid"}'`);
  });

  it('names a listed token in a comment and an environment variable', () => {
    expect(curlSnippet(get, namedToken('Billing export', 'kw_AbCd…wxyz'))).toBe(`# Token "Billing export" (kw_AbCd…wxyz): set KEYWARD_TOKEN_BILLING_EXPORT to its secret.
curl -s 'https://demo.fincode.software/api/v6/services/customers/{customerId}' \\
  -H "X-Auth-Token: $KEYWARD_TOKEN_BILLING_EXPORT"`);
  });
});

describe('JavaScript', () => {
  it('fetches with the token from process.env', () => {
    expect(fetchSnippet(get, placeholderToken)).toBe(`const response = await fetch('https://demo.fincode.software/api/v6/services/customers/{customerId}', {
  method: 'GET',
  headers: {
    'X-Auth-Token': process.env.KEYWARD_TOKEN,
  },
});
console.log(response.status, await response.json());`);
  });

  it('sends the body through JSON.stringify, quotes kept escaped', () => {
    expect(fetchSnippet(post, { kind: 'secret', secret })).toBe(`const response = await fetch('https://demo.fincode.software/api/v6/services/transactions', {
  method: 'POST',
  headers: {
    'X-Auth-Token': '${secret}',
    'Content-Type': 'application/json',
  },
  body: JSON.stringify({
    "reference": "Rent \\"March\\"",
    "note": "it's paid"
  }),
});
console.log(response.status, await response.json());`);
  });
});

describe('Go', () => {
  it('is a whole program reading the token with os.Getenv', () => {
    expect(goSnippet(get, placeholderToken)).toBe(`package main

import (
\t"fmt"
\t"io"
\t"net/http"
\t"os"
)

func main() {
\treq, err := http.NewRequest(http.MethodGet, "https://demo.fincode.software/api/v6/services/customers/{customerId}", nil)
\tif err != nil {
\t\tpanic(err)
\t}
\treq.Header.Set("X-Auth-Token", os.Getenv("KEYWARD_TOKEN"))
\tres, err := http.DefaultClient.Do(req)
\tif err != nil {
\t\tpanic(err)
\t}
\tdefer res.Body.Close()
\tdata, _ := io.ReadAll(res.Body)
\tfmt.Println(res.Status, string(data))
}`);
  });

  it('keeps a body in a raw string, and quotes one holding a backquote', () => {
    const out = goSnippet(post, { kind: 'secret', secret });
    expect(out).toContain('\tbody := strings.NewReader(`{"reference": "Rent \\"March\\"", "note": "it\'s paid"}`)');
    expect(out).toContain(`\treq.Header.Set("X-Auth-Token", "${secret}")`);
    expect(out).toContain('\treq.Header.Set("Content-Type", "application/json")');
    expect(out).not.toContain('"os"');
    const tick = goSnippet({ method: 'PUT', url: 'https://x.example/a', body: '{"q": "`x` \\"y\\""}' }, placeholderToken);
    expect(tick).toContain('\tbody := strings.NewReader("{\\"q\\": \\"`x` \\\\\\"y\\\\\\"\\"}")');
    expect(tick).toContain('http.NewRequest(http.MethodPut, "https://x.example/a", body)');
  });

  it('writes a listed token as a comment and an environment variable', () => {
    const out = goSnippet(get, namedToken('Kasse #3 — Zürich', 'kw_AbCd…wxyz'));
    expect(out).toContain('\t// Token "Kasse #3 — Zürich" (kw_AbCd…wxyz): set KEYWARD_TOKEN_KASSE_3_ZURICH to its secret.');
    expect(out).toContain('os.Getenv("KEYWARD_TOKEN_KASSE_3_ZURICH")');
  });
});

describe('tokens', () => {
  it('checks the shape of a token string: kw_ and 49 base62 characters', () => {
    expect(secret).toHaveLength(52);
    expect(tokenShape.test(secret)).toBe(true);
    expect(tokenShape.test(secret.slice(0, -1))).toBe(false);
    expect(tokenShape.test(secret + 'a')).toBe(false);
    expect(tokenShape.test('KW_' + secret.slice(3))).toBe(false);
    expect(tokenShape.test(secret.slice(0, -1) + '-')).toBe(false);
    expect(hintOf(secret)).toBe('kw_A1b2…9Zz9');
  });

  it('names environment variables after tokens', () => {
    expect(envNameFor('Billing export')).toBe('KEYWARD_TOKEN_BILLING_EXPORT');
    expect(envNameFor('***')).toBe('KEYWARD_TOKEN');
  });

  it('says whether a role covers the permission a call needs', () => {
    const agent = { allPermissions: false, permissions: ['transactions:read', 'reports:read:limited'] };
    expect(coverage('transactions:read', agent)).toBe('');
    expect(coverage('reports:read', agent)).toBe('limited');
    expect(coverage('transactions:create', agent)).toBeNull();
    expect(coverage('transactions:read:own', agent)).toBe('');
    expect(coverage('anything:at_all', { allPermissions: true, permissions: [] })).toBe('');
  });

  it('joins a base URL and a path with one slash', () => {
    expect(joinUrl('https://a.example/v1/', '/x')).toBe('https://a.example/v1/x');
    expect(joinUrl(null, '/x')).toBe('/x');
  });
});
