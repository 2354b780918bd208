import { expect, test, type APIRequestContext, type Locator, type Page, type Response } from '@playwright/test';
import { admin, ensureAdmin, shot, shotWide, signIn } from './shots';

// The GraphQL playground of the Developer API page, as the signed-in administrator and then
// with an API token typed in its Headers tab: the sample query answers without errors, the
// documentation explorer browses the schema (so GraphiQL's introspection query got through)
// and the query editor completes field names. The token is made here and deleted at the end,
// since the specs after this one share the database.
test.describe.configure({ mode: 'serial' });

const tokenName = 'Playground explorer';
let secret = '';

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: unknown;
}

async function gql(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}) {
  const res = await request.post('/graphql', { data: { query, variables } });
  const body = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** Deletes the tokens this file makes (left over, too, from a run that stopped half way). */
async function deleteMyTokens(request: APIRequestContext) {
  const { tokens } = await gql(request, 'query($s:String){ tokens(filter:{search:$s}, first:100){ edges { node { id name } } } }', { s: tokenName });
  for (const { node } of tokens.edges as { node: { id: string; name: string } }[]) {
    if (node.name === tokenName) await gql(request, 'mutation($id:ID!){ deleteToken(id:$id) }', { id: node.id });
  }
}

test.beforeAll(async ({ browser }) => {
  // The set-up call signs its caller in: it gets a context of its own.
  const setup = await browser.newContext();
  await ensureAdmin(setup.request);
  await setup.close();
  const page = await browser.newPage();
  await signIn(page);
  await deleteMyTokens(page.request);
  const { roles } = await gql(page.request, '{ roles { id name } }');
  const auditor = roles.find((r: { name: string }) => r.name === 'Auditor').id;
  const { createToken } = await gql(page.request, 'mutation($i:CreateTokenInput!){ createToken(input:$i){ secret } }', {
    i: { name: tokenName, roleId: auditor },
  });
  secret = createToken.secret;
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page);
  await deleteMyTokens(page.request);
  await page.close();
});

/**
 * GraphiQL 5 edits and shows text in Monaco editors, which draw only the lines in view: the
 * text itself is read from the editor's model (GraphiQL keeps Monaco on globalThis.__MONACO,
 * one model per editor, named after it: operation.graphql, request-headers.json, response.json).
 */
function editorText(page: Page, name: 'operation.graphql' | 'request-headers.json' | 'response.json'): Promise<string> {
  return page.evaluate((suffix) => {
    const monaco = (globalThis as unknown as { __MONACO?: { editor: { getModels(): { uri: { path: string }; getValue(): string }[] } } }).__MONACO;
    return monaco?.editor.getModels().find((m) => m.uri.path.endsWith(`-${suffix}`))?.getValue() ?? '';
  }, name);
}

/** Records every introspection answer, so that a test can say none of them failed. */
function watchIntrospection(page: Page): { failures: string[]; answers: Response[] } {
  const seen = { failures: [] as string[], answers: [] as Response[] };
  page.on('response', async (res) => {
    const req = res.request();
    if (req.method() !== 'POST' || !res.url().endsWith('/graphql') || !req.postData()?.includes('__schema')) return;
    seen.answers.push(res);
    try {
      const body = (await res.json()) as GraphQLBody;
      if (body.errors || !body.data || !('__schema' in body.data)) seen.failures.push(JSON.stringify(body).slice(0, 500));
    } catch (e) {
      seen.failures.push(`${res.status()} ${String(e)}`);
    }
  });
  return seen;
}

/** Opens the Developer API page from the navigation and waits for GraphiQL and its schema. */
async function openPlayground(page: Page): Promise<Locator> {
  await page.getByRole('navigation').getByRole('link', { name: 'Developer API' }).click();
  const playground = page.getByTestId('playground');
  await expect(playground.locator('.graphiql-container')).toBeVisible({ timeout: 30_000 });
  // The editors load lazily (Monaco and its workers): the sample query is in the editor once
  // they are up.
  await expect(playground.locator('.graphiql-query-editor .view-lines')).toContainText(/query.Me/, { timeout: 30_000 });
  await expect.poll(() => editorText(page, 'operation.graphql'), { timeout: 30_000 }).toContain('query Me');
  return playground;
}

/** Runs the query in the editor and returns the result pane's JSON, which must hold no errors. */
async function run(page: Page, playground: Locator): Promise<Record<string, unknown>> {
  const result = playground.locator('.result-window');
  // A click that comes before the editor is wired up runs nothing: click again until the
  // result pane has an answer.
  await expect(async () => {
    await playground.getByRole('button', { name: /Execute query/ }).click();
    await expect.poll(() => editorText(page, 'response.json'), { timeout: 5_000 }).toMatch(/"(data|errors)"/);
  }).toPass({ timeout: 45_000 });
  const text = await editorText(page, 'response.json');
  const body = JSON.parse(text) as GraphQLBody;
  expect(body.errors, `the result pane shows errors:\n${text}`).toBeUndefined();
  expect(text).not.toMatch(/"errors"/);
  await expect(result).not.toContainText('"errors"');
  expect(body.data).toBeTruthy();
  return body.data!;
}

/** Opens the documentation explorer at its root. */
async function openDocs(playground: Locator): Promise<Locator> {
  const docs = playground.locator('.graphiql-doc-explorer');
  if (!(await docs.isVisible())) await playground.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  await expect(docs).toBeVisible();
  await expect(docs.getByText('Root Types')).toBeVisible();
  return docs;
}

test('as the signed-in administrator: the sample query, the Docs and completion', async ({ page }) => {
  const introspection = watchIntrospection(page);
  await signIn(page);
  const playground = await openPlayground(page);

  // 1. The sample query, run as Ada through her session.
  const data = await run(page, playground);
  expect(data.me).toMatchObject({ email: admin.email, role: { name: 'Administrator' } });
  const tokens = data.tokens as { totalCount: number; edges: { node: { name: string; status: string } }[] };
  expect(tokens.totalCount).toBeGreaterThanOrEqual(1);
  expect(tokens.edges.map((e) => e.node.name)).toContain(tokenName);
  await expect(playground.locator('.result-window')).toContainText(`"email": "${admin.email}"`);

  // 2. The Docs: Query → tokens → TokenConnection → TokenEdge → Token and its fields.
  const docs = await openDocs(playground);
  await docs.getByRole('link', { name: 'Query', exact: true }).click();
  await expect(docs.locator('.graphiql-doc-explorer-title')).toHaveText('Query');
  await docs.getByRole('link', { name: 'tokens', exact: true }).click();
  await expect(docs.locator('.graphiql-doc-explorer-title')).toHaveText('tokens');
  await docs.getByRole('link', { name: 'TokenConnection', exact: true }).click();
  await expect(docs.locator('.graphiql-doc-explorer-title')).toHaveText('TokenConnection');
  await expect(docs.getByRole('link', { name: 'totalCount', exact: true })).toBeVisible();
  await docs.getByRole('link', { name: 'TokenEdge', exact: true }).click();
  await expect(docs.locator('.graphiql-doc-explorer-title')).toHaveText('TokenEdge');
  await docs.getByRole('link', { name: 'Token', exact: true }).click();
  await expect(docs.locator('.graphiql-doc-explorer-title')).toHaveText('Token');
  for (const field of ['name', 'status', 'expiresAt', 'whitelist']) {
    await expect(docs.getByRole('link', { name: field, exact: true })).toBeVisible();
  }

  // 3. Completion: in a new tab, "{ tok" offers tokens; picking it and asking for the count
  // makes a query that runs.
  await playground.getByRole('button', { name: 'New tab' }).click();
  await expect.poll(() => editorText(page, 'operation.graphql')).toBe('');
  await playground.locator('.graphiql-query-editor .monaco-editor').click();
  await page.keyboard.type('{ tok');
  const suggestions = page.locator('.suggest-widget.visible');
  await expect(suggestions.getByRole('option', { name: 'tokens', exact: true })).toBeVisible();
  await expect(suggestions.getByRole('option', { name: 'token', exact: true })).toBeVisible();
  await suggestions.getByRole('option', { name: 'tokens', exact: true }).click();
  await expect.poll(() => editorText(page, 'operation.graphql')).toMatch(/^\{ tokens\s*\}$/);
  await page.keyboard.type(' { totalCount');
  await page.keyboard.press('Escape');
  await expect.poll(() => editorText(page, 'operation.graphql')).toMatch(/^\{ tokens \{ totalCount\s*\}\s*\}$/);
  const counted = await run(page, playground);
  expect((counted.tokens as { totalCount: number }).totalCount).toBe(tokens.totalCount);

  await expect(page.getByText('Error fetching schema')).toHaveCount(0);
  expect(introspection.answers.length).toBeGreaterThanOrEqual(1);
  expect(introspection.failures).toEqual([]);
});

test('with an API token in the Headers tab: the sample query and the Docs', async ({ page }) => {
  const introspection = watchIntrospection(page);
  await signIn(page);
  const playground = await openPlayground(page);

  // The token goes in the Headers tab; from then on it, not Ada's session, is who calls.
  await playground.getByRole('button', { name: 'Headers', exact: true }).click();
  const headers = playground.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)');
  await expect(async () => {
    await headers.click();
    // Emptied first (a bracket typed over a selection would wrap it), then put in as one line
    // of text (typed key by key, or with line breaks, the editor's closing of quotes and
    // brackets gets in the way).
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify({ 'X-Auth-Token': secret }));
    const text = await editorText(page, 'request-headers.json');
    expect(() => JSON.parse(text), text).not.toThrow();
    expect(JSON.parse(text)).toEqual({ 'X-Auth-Token': secret });
  }).toPass({ timeout: 20_000 });

  // GraphiQL's schema query, sent again with the token.
  const refetched = page.waitForResponse((res) => res.url().endsWith('/graphql') && !!res.request().postData()?.includes('__schema') && res.request().headers()['x-auth-token'] === secret);
  await playground.getByRole('button', { name: /Re-fetch GraphQL schema/ }).click();
  const schema = (await (await refetched).json()) as GraphQLBody;
  expect(schema.errors).toBeUndefined();
  expect(schema.data).toHaveProperty('__schema.queryType.name', 'Query');

  // The sample query with the token: the token is no user, so me is null; its Auditor role
  // reads tokens, itself among them.
  const sent = page.waitForRequest((req) => req.url().endsWith('/graphql') && !!req.postData()?.includes('query Me') && req.headers()['x-auth-token'] === secret);
  const data = await run(page, playground);
  await sent;
  expect(data.me).toBeNull();
  const tokens = data.tokens as { edges: { node: { name: string; status: string; expiresAt: string | null } }[] };
  expect(tokens.edges.map((e) => e.node)).toContainEqual({ name: tokenName, status: 'ACTIVE', expiresAt: null });

  // The Docs from the schema the token read: Query → token → Token.
  const docs = await openDocs(playground);
  await docs.getByRole('link', { name: 'Query', exact: true }).click();
  await docs.getByRole('link', { name: 'token', exact: true }).click();
  await expect(docs.locator('.graphiql-doc-explorer-title')).toHaveText('token');
  await docs.getByRole('link', { name: 'Token', exact: true }).click();
  await expect(docs.locator('.graphiql-doc-explorer-title')).toHaveText('Token');
  await expect(docs.getByRole('link', { name: 'expiresAt', exact: true })).toBeVisible();
  await expect(page.getByText('Error fetching schema')).toHaveCount(0);
  expect(introspection.answers.length).toBeGreaterThanOrEqual(2);
  expect(introspection.failures).toEqual([]);

  await shotWide(page, '28-developer-playground-docs');

  // On a phone the Docs take the playground's whole width, and closing them gives the
  // editors back with the result under them; nothing makes the page scroll sideways.
  await page.setViewportSize({ width: 390, height: 900 });
  await expect(docs).toBeVisible();
  await expect(playground.locator('.graphiql-sessions')).toBeHidden();
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await playground.getByRole('button', { name: 'Hide Documentation Explorer' }).click();
  await expect(docs).toBeHidden();
  const result = playground.locator('.result-window');
  await expect(result).toContainText('"data"');
  await expect.poll(async () => (await result.boundingBox())?.width ?? 0).toBeGreaterThan(200);
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, '29-developer-playground-390');
  await expect(page.getByText('Error fetching schema')).toHaveCount(0);
  expect(introspection.failures).toEqual([]);
});
