import { fireEvent, render, screen, waitFor, within } from '../../../test-utils/render';
import OpenApiView, { documentUrl } from './OpenApiView';
import { fixture } from './fixture';
import { operationsByTag, resolve, typeLabel } from './openapi';

function answer(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('OpenApiView', () => {
  it('reads the document and lists each operation by tag, with its method, path, summary and auth', async () => {
    const fetchMock = vi.fn(() => answer(200, fixture));
    vi.stubGlobal('fetch', fetchMock);
    render(<OpenApiView />);
    expect(screen.getByTestId('loading')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Test machine API' })).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith(documentUrl, expect.anything());
    expect(screen.getByText('v1.2.3')).toBeInTheDocument();

    const tokens = screen.getByRole('region', { name: 'Tokens' });
    const whoami = within(tokens).getByRole('button', { name: 'GET /api/v1/whoami' });
    expect(within(whoami).getByText('Describe the presented token')).toBeInTheDocument();
    expect(within(whoami).getByRole('img', { name: 'Needs a token' })).toBeInTheDocument();
    const signIn = screen.getByRole('region', { name: 'Sign-in' });
    const login = within(signIn).getByRole('button', { name: 'POST /api/v1/auth/login' });
    expect(within(login).getByRole('img', { name: 'Public' })).toBeInTheDocument();

    // The raw document, to open or download.
    expect(screen.getByRole('link', { name: /Open openapi.json/ })).toHaveAttribute('href', '/api/v1/openapi.json');
    expect(screen.getByRole('link', { name: /Download/ })).toHaveAttribute('download', 'keyward-openapi.json');
  });

  it('shows an operation: description, auth, responses with their schema, headers and examples', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => answer(200, fixture)),
    );
    render(<OpenApiView />);
    fireEvent.click(await screen.findByRole('button', { name: 'GET /api/v1/whoami' }));
    const panel = document.getElementById('whoami')!;
    const p = within(panel);
    expect(p.getByText('Answers what the token may do.')).toBeInTheDocument();
    expect(p.getByText('X-Auth-Token header')).toBeInTheDocument();
    expect(p.getByText('Authorization: Bearer')).toBeInTheDocument();

    const ok = within(p.getByTestId('response-200'));
    expect(ok.getByText('200')).toBeInTheDocument();
    expect(ok.getByText('The token is good.')).toBeInTheDocument();
    expect(ok.getByText('Cache-Control')).toBeInTheDocument();
    expect(ok.getByText(/Never cached\./)).toBeInTheDocument();
    // The schema's members, with their types and whether they are required.
    expect(ok.getByText('ip')).toBeInTheDocument();
    expect(ok.getByText('string | null (date-time)')).toBeInTheDocument();
    expect(ok.getByText('array of string')).toBeInTheDocument();
    expect(ok.getAllByText('required').length).toBeGreaterThanOrEqual(2);
    // A schema that contains itself is drawn once.
    expect(ok.getByText('TokenRef (as above)')).toBeInTheDocument();
    // The example, as JSON.
    expect(ok.getByText(/"ip": "203\.0\.113\.45"/)).toBeInTheDocument();

    // A response by reference.
    const refused = within(p.getByTestId('response-401'));
    expect(refused.getByText('No usable token.')).toBeInTheDocument();
    expect(refused.getByText(/"message": "invalid or expired token"/)).toBeInTheDocument();
    expect(refused.getByText('code_required')).toBeInTheDocument();
  });

  it('shows a request body with its rule and each of its examples', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => answer(200, fixture)),
    );
    render(<OpenApiView />);
    fireEvent.click(await screen.findByRole('button', { name: 'POST /api/v1/auth/login' }));
    const p = within(document.getElementById('login')!);
    await waitFor(() => expect(p.getByText('None: anyone may call it.')).toBeVisible());
    expect(p.getByText('Request body (required)')).toBeInTheDocument();
    expect(p.getByText(/Needs at least one of/)).toBeInTheDocument();
    expect(p.getByText('at most 320 characters')).toBeInTheDocument();
    expect(p.getByRole('tab', { name: 'Email and password' })).toHaveAttribute('aria-selected', 'true');
    fireEvent.click(p.getByRole('tab', { name: 'With the emailed code' }));
    await waitFor(() => expect(p.getByText(/"code": "482913"/)).toBeVisible());
    expect(p.getByTestId('response-204')).toHaveTextContent('Signed in.');
  });

  it('renders descriptions as text: Markdown for emphasis, code, lists and links, never HTML', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => answer(200, fixture)),
    );
    const { container } = render(<OpenApiView />);
    expect(await screen.findByText('bold')).toBeInTheDocument();
    expect(screen.getByText('bold').tagName).toBe('STRONG');
    expect(screen.getByText('second with a', { exact: false })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'link' })).toHaveAttribute('href', 'https://example.com/docs');
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(/Raw <img src=x/)).toBeInTheDocument();
  });

  it('says what went wrong when the document cannot be read, and tries again', async () => {
    const fetchMock = vi
      .fn()
      .mockReturnValueOnce(answer(503, { error: 'unavailable' }))
      .mockReturnValue(answer(200, fixture));
    vi.stubGlobal('fetch', fetchMock);
    render(<OpenApiView />);
    expect(await screen.findByText(/Keyward answered 503/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Test machine API' })).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('refuses an answer that is not an OpenAPI document', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => answer(200, { hello: 'world' })),
    );
    render(<OpenApiView />);
    expect(await screen.findByText(/not an OpenAPI document/)).toBeInTheDocument();
  });
});

describe('openapi helpers', () => {
  it('groups operations by their first tag, in the order of tags', () => {
    expect(operationsByTag(fixture).map((g) => [g.tag, g.operations.map((o) => `${o.method} ${o.path}`)])).toEqual([
      ['Tokens', ['get /api/v1/whoami']],
      ['Sign-in', ['post /api/v1/auth/login']],
    ]);
  });

  it('follows references and names types', () => {
    expect(resolve(fixture, { $ref: '#/components/responses/Unauthorized' })).toBe(fixture.components!.responses!.Unauthorized);
    expect(resolve(fixture, { $ref: '#/components/schemas/Nope' })).toBeUndefined();
    expect(resolve(fixture, { $ref: 'https://elsewhere.example/x.json' })).toBeUndefined();
    expect(typeLabel({ $ref: '#/components/schemas/Whoami' })).toBe('Whoami');
    expect(typeLabel({ type: 'string', const: 'Bearer' })).toBe('"Bearer"');
    expect(typeLabel({ type: ['array', 'null'], items: { type: 'integer' } })).toBe('array of integer | null');
  });
});
