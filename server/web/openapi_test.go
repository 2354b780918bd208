package web_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/app/apptest"
	kwconfig "github.com/keyward/keyward/server/config"
)

// The OpenAPI document is held to Keyward itself: every (path, method, status) it names is
// answered by a real server in one of the cases below, and every answer of the cases is one
// the document describes (status, content type, headers, body, and no undocumented member).
// Neither can change without the other.
func TestOpenAPIDocumentMatchesTheServer(t *testing.T) {
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	spec := loadOpenAPI(t, raw)
	apptest.EachDialect(t, func(t *testing.T, d db.Dialect) {
		e := apptest.New(t, d, behindProxy, refusalLimit(3))
		admin := e.SetupAdmin(t)
		answered := map[string]bool{}
		for _, c := range openAPICases(t, e, admin, raw) {
			res, body := c.do(t, e)
			answered[c.method+" "+c.path+" "+fmt.Sprint(res.StatusCode)] = true
			spec.check(t, e, c, res, body)
		}
		for _, c := range eventCases(t, e, admin, spec) {
			res, body := c.do(t, e)
			answered[c.method+" "+c.path+" "+fmt.Sprint(res.StatusCode)] = true
			spec.check(t, e, c, res, body)
		}
		for _, k := range spec.responses() {
			if !answered[k] {
				t.Errorf("the document names %s, and no case is answered so", k)
			}
		}
	})
}

// openAPISpec is the document, parsed and validated as OpenAPI 3.1, with a validator of
// requests and responses.
type openAPISpec struct {
	model *v3.Document
	// v is strict: a member or header the document does not name is an error, though the
	// document lets clients expect more (it never says additionalProperties: false of an
	// answer). lenient is not, for the one answer that is a whole document of its own.
	v, lenient validator.Validator
	schemas    schema_validation.SchemaValidator
}

func loadOpenAPI(t *testing.T, raw []byte) *openAPISpec {
	t.Helper()
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	v, errs := validator.NewValidator(doc, config.WithStrictMode(), config.WithFormatAssertions(),
		config.WithStrictIgnoredHeadersExtra(ordinaryHeaders...))
	if len(errs) > 0 {
		t.Fatalf("openapi.json: %v", errs)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		t.Fatalf("openapi.json is not a valid OpenAPI 3.1 document:\n%s", listErrors(errs))
	}
	lenient, errs := validator.NewValidator(doc, config.WithFormatAssertions())
	if len(errs) > 0 {
		t.Fatalf("openapi.json: %v", errs)
	}
	return &openAPISpec{model: &model.Model, v: v, lenient: lenient, schemas: schema_validation.NewSchemaValidator(config.WithFormatAssertions())}
}

// ordinaryHeaders are the headers every answer may carry (or every request), which the
// document leaves to HTTP.
var ordinaryHeaders = []string{"Content-Length", "Date", "X-Content-Type-Options", "Vary", "Content-Encoding",
	"Access-Control-Allow-Origin", "Accept-Ranges", "Last-Modified", "X-Accel-Buffering", "X-Forwarded-For",
	"Accept-Encoding", "Content-Security-Policy", "Referrer-Policy", "X-Frame-Options"}

// responses lists every "METHOD path status" the document names.
func (s *openAPISpec) responses() []string {
	var out []string
	for path, item := range s.model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			for status := range op.Responses.Codes.KeysFromOldest() {
				out = append(out, strings.ToUpper(method)+" "+path+" "+status)
			}
		}
	}
	return out
}

// check validates one real answer (and a good request) against the document.
func (s *openAPISpec) check(t *testing.T, e *apptest.Env, c apiCase, res *http.Response, body []byte) {
	t.Helper()
	what := fmt.Sprintf("%s %s (%s)", c.method, c.path, c.name)
	if res.StatusCode != c.status {
		t.Errorf("%s: %d, want %d: %s", what, res.StatusCode, c.status, body)
		return
	}
	req := c.request(t, e)
	res.Body = io.NopCloser(bytes.NewReader(body))
	v := s.v
	if c.lenient {
		v = s.lenient
	}
	if ok, errs := v.ValidateHttpResponse(req, res); !ok {
		t.Errorf("%s: the answer is not as documented:\n%s%.300s", what, listErrors(errs), body)
	}
	if c.goodRequest {
		if ok, errs := s.v.ValidateHttpRequestSync(c.request(t, e)); !ok {
			t.Errorf("%s: the request is not as documented:\n%s", what, listErrors(errs))
		}
	}
	if c.want != nil {
		c.want(t, res, body)
	}
}

// schema validates data against the document's components.schemas[name].
func (s *openAPISpec) schema(t *testing.T, name string, data []byte) {
	t.Helper()
	sp := s.model.Components.Schemas.GetOrZero(name)
	if sp == nil {
		t.Fatalf("the document has no schema %s", name)
	}
	if ok, errs := s.schemas.ValidateSchemaBytes(sp.Schema(), data); !ok {
		t.Errorf("%s is not a %s:\n%s", data, name, listErrors(errs))
	}
}

func listErrors[E interface{ Error() string }](errs []E) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "  - %s\n", e.Error())
	}
	return b.String()
}

// apiCase is one request, the status it must be answered with, and what else to check.
type apiCase struct {
	name         string
	method, path string
	header       map[string]string
	body         string
	status       int
	// goodRequest: the request itself must be as the document describes (one the server
	// refuses as malformed need not be).
	goodRequest bool
	// lenient: members the document does not name are allowed in the answer.
	lenient bool
	want    func(t *testing.T, res *http.Response, body []byte)
	// send replaces the plain round trip (a stream is read in part).
	send func(t *testing.T, req *http.Request) (*http.Response, []byte)
}

// clientAddrs gives each request an address of its own (through the trusted proxy), so that
// the refusals of one case never hold back the next.
var clientAddrs atomic.Int64

func nextClientAddr() string {
	n := clientAddrs.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
}

func (c apiCase) request(t *testing.T, e *apptest.Env) *http.Request {
	t.Helper()
	req, err := http.NewRequest(c.method, e.Server.URL+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.header {
		switch k {
		case "X-Auth-Token", "Authorization":
			req.Header[k] = append(req.Header[k], v)
		default:
			req.Header.Set(k, v)
		}
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func (c apiCase) do(t *testing.T, e *apptest.Env) (*http.Response, []byte) {
	t.Helper()
	req := c.request(t, e)
	if req.Header.Get("X-Forwarded-For") == "" {
		addr := nextClientAddr()
		req.Header.Set("X-Forwarded-For", addr)
	}
	if c.send != nil {
		return c.send(t, req)
	}
	res, err := http.DefaultTransport.RoundTrip(req) // as sent: no decompression, no redirects
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

func refusalLimit(n int) apptest.Option {
	return func(c *kwconfig.Config, _ *app.Options) { c.RefusalLimit, c.RefusalWindow = n, time.Minute }
}

// heldBack makes addr refused often enough to be held back.
func heldBack(t *testing.T, e *apptest.Env, addr string) {
	t.Helper()
	for range 3 {
		r := call(t, e, "GET", "/api/v1/whoami", map[string]string{"X-Forwarded-For": addr, "X-Auth-Token": "kw_nope"}, "")
		if r.Status != http.StatusUnauthorized {
			t.Fatalf("refusing %s: %d %s", addr, r.Status, r.Raw)
		}
	}
}

func jsonBody(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func member(body []byte, key string) any {
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	return m[key]
}

// wantMember checks that the JSON answer's member key is want.
func wantMember(key string, want any) func(t *testing.T, res *http.Response, body []byte) {
	return func(t *testing.T, res *http.Response, body []byte) {
		t.Helper()
		if got := member(body, key); got != want {
			t.Errorf("%s: %q is %v, want %v", body, key, got, want)
		}
	}
}

// openAPICases are the requests that together reach every answer the document names, but
// those of the events stream.
func openAPICases(t *testing.T, e *apptest.Env, admin *apptest.Client, raw []byte) []apiCase {
	admin.MustDo(`mutation{ createRole(input:{name:"Gateway", permissions:["tokens:verify"]}){ id } }`, nil, new(any))
	gateway := createToken(t, admin, "Gateway", "Gateway", nil).CreateToken.Secret
	auditor := createToken(t, admin, "Reports", "Auditor", nil).CreateToken.Secret
	fenced := createToken(t, admin, "Fenced", "Gateway", map[string]any{"whitelist": []string{"198.51.100.0/24"}}).CreateToken.Secret
	e.CreateUser(t, admin, "script@example.com", "Security Manager")
	var coded struct{ CreateUser struct{ ID string } }
	admin.MustDo(`mutation($i:CreateUserInput!){ createUser(input:$i){ id } }`, map[string]any{"i": map[string]any{
		"email": "coded@example.com", "name": "Coded", "password": apptest.AdminPassword,
		"roleId": admin.RoleID("Security Manager"), "loginCodeRequired": true}}, &coded)

	login := func() map[string]any {
		r := call(t, e, "POST", "/api/v1/auth/login", map[string]string{"X-Forwarded-For": nextClientAddr()},
			jsonBody(map[string]string{"email": "script@example.com", "password": apptest.AdminPassword}))
		if r.Status != 200 {
			t.Fatalf("login: %d %s", r.Status, r.Raw)
		}
		return r.Body
	}
	access := login()["access_token"].(string)
	refresh := login()["refresh_token"].(string)
	loggingOut := login()["access_token"].(string)

	const attacker = "203.0.113.66"
	heldBack(t, e, attacker)
	const checkedHeldBack = "203.0.113.77"
	heldBack(t, e, checkedHeldBack)

	x := func(tok string) map[string]string { return map[string]string{"X-Auth-Token": tok} }
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
	both := map[string]string{"X-Auth-Token": gateway, "Authorization": "Bearer " + gateway}
	fromAttacker := map[string]string{"X-Auth-Token": "kw_nope", "X-Forwarded-For": attacker}
	tooLarge := `{"email":"` + strings.Repeat("a", 17<<10) + `","password":"x"}`
	creds := map[string]string{"email": "script@example.com", "password": apptest.AdminPassword}

	return []apiCase{
		// whoami
		{name: "an API token", method: "GET", path: "/api/v1/whoami", header: x(auditor), status: 200, goodRequest: true,
			want: func(t *testing.T, res *http.Response, body []byte) {
				if role := member(body, "role").(map[string]any); role["name"] != "Auditor" {
					t.Errorf("whoami: %s", body)
				}
			}},
		{name: "an access token", method: "GET", path: "/api/v1/whoami", header: bearer(access), status: 200, goodRequest: true,
			want: func(t *testing.T, res *http.Response, body []byte) {
				if member(body, "user") == nil {
					t.Errorf("whoami of an access token: %s", body)
				}
			}},
		{name: "two credentials", method: "GET", path: "/api/v1/whoami", header: both, status: 400},
		{name: "no token", method: "GET", path: "/api/v1/whoami", status: 401, want: wantMember("message", "invalid or expired token")},
		{name: "a bad token", method: "GET", path: "/api/v1/whoami", header: x("kw_nope"), status: 401, goodRequest: true},
		{name: "another address", method: "GET", path: "/api/v1/whoami", header: x(fenced), status: 403, goodRequest: true,
			want: wantMember("message", "request IP is not whitelisted for this token")},
		{name: "held back", method: "GET", path: "/api/v1/whoami", header: fromAttacker, status: 429,
			want: wantMember("error", "rate_limited")},

		// verify
		{name: "a good token", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 200, goodRequest: true,
			body: jsonBody(map[string]string{"token": auditor, "ip": "203.0.113.45", "permission": "audit:read"}),
			want: wantMember("scope", "all")},
		{name: "an access token", method: "POST", path: "/api/v1/verify", header: bearer(gateway), status: 200, goodRequest: true,
			body: jsonBody(map[string]string{"token": access}), want: wantMember("valid", true)},
		{name: "a permission missing", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 200, goodRequest: true,
			body: jsonBody(map[string]string{"token": auditor, "permission": "users:write"}), want: wantMember("code", "insufficient_permissions")},
		{name: "a malformed token", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 200, goodRequest: true,
			body: jsonBody(map[string]string{"token": "kw_bad"}), want: wantMember("code", "malformed")},
		{name: "no ip for a fenced token", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 200, goodRequest: true,
			body: jsonBody(map[string]string{"token": fenced}), want: wantMember("code", "ip_not_allowed")},
		{name: "a held-back address checked", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 200, goodRequest: true,
			body: jsonBody(map[string]string{"token": "kw_bad", "ip": checkedHeldBack}), want: wantMember("code", "rate_limited")},
		{name: "two credentials", method: "POST", path: "/api/v1/verify", header: both, status: 400,
			body: jsonBody(map[string]string{"token": auditor})},
		{name: "not JSON", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 400, body: `token=kw_x`},
		{name: "an unknown member", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 400, body: `{"token":"kw_x","who":"me"}`},
		{name: "no token", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 400, body: `{"ip":"203.0.113.45"}`,
			want: wantMember("field", "token")},
		{name: "a bad ip", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 400, body: `{"token":"kw_x","ip":"999.1.1.1"}`,
			want: wantMember("field", "ip")},
		{name: "a bad permission", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 400, body: `{"token":"kw_x","permission":"read"}`,
			want: wantMember("field", "permission")},
		{name: "a bad token", method: "POST", path: "/api/v1/verify", header: x("kw_nope"), status: 401,
			body: jsonBody(map[string]string{"token": auditor})},
		{name: "no tokens:verify", method: "POST", path: "/api/v1/verify", header: x(auditor), status: 403, goodRequest: true,
			body: jsonBody(map[string]string{"token": auditor}), want: wantMember("role", "Auditor")},
		{name: "another address", method: "POST", path: "/api/v1/verify", header: x(fenced), status: 403, goodRequest: true,
			body: jsonBody(map[string]string{"token": auditor}), want: wantMember("message", "request IP is not whitelisted for this token")},
		{name: "too large", method: "POST", path: "/api/v1/verify", header: x(gateway), status: 413,
			body: `{"token":"` + strings.Repeat("a", 17<<10) + `"}`},
		{name: "held back", method: "POST", path: "/api/v1/verify", header: fromAttacker, status: 429,
			body: jsonBody(map[string]string{"token": auditor})},

		// API sign-in
		{name: "email and password", method: "POST", path: "/api/v1/auth/login", status: 200, goodRequest: true, body: jsonBody(creds)},
		{name: "currentPassword", method: "PUT", path: "/api/v1/auth/login", status: 200, goodRequest: true,
			body: jsonBody(map[string]string{"email": "script@example.com", "currentPassword": apptest.AdminPassword})},
		{name: "no password", method: "POST", path: "/api/v1/auth/login", status: 400, body: `{"email":"script@example.com"}`,
			want: wantMember("field", "password")},
		{name: "an unknown member", method: "PUT", path: "/api/v1/auth/login", status: 400, body: `{"email":"a@b.c","passwd":"x"}`,
			want: wantMember("field", "passwd")},
		{name: "a wrong password", method: "POST", path: "/api/v1/auth/login", status: 401, goodRequest: true,
			body: `{"email":"script@example.com","password":"wrong"}`, want: wantMember("error", "unauthorized")},
		{name: "a code needed", method: "PUT", path: "/api/v1/auth/login", status: 401, goodRequest: true,
			body: jsonBody(map[string]string{"email": "coded@example.com", "password": apptest.AdminPassword}), want: wantMember("error", "code_required")},
		{name: "too large", method: "POST", path: "/api/v1/auth/login", status: 413, body: tooLarge},
		{name: "too large", method: "PUT", path: "/api/v1/auth/login", status: 413, body: tooLarge},
		{name: "a refresh token", method: "POST", path: "/api/v1/auth/refresh", status: 200, goodRequest: true,
			body: jsonBody(map[string]string{"refresh_token": refresh})},
		{name: "no refresh token", method: "POST", path: "/api/v1/auth/refresh", status: 400, body: `{}`, want: wantMember("field", "refresh_token")},
		{name: "a used refresh token", method: "POST", path: "/api/v1/auth/refresh", status: 401, goodRequest: true,
			body: jsonBody(map[string]string{"refresh_token": refresh})},
		{name: "too large", method: "POST", path: "/api/v1/auth/refresh", status: 413, body: `{"refresh_token":"` + strings.Repeat("a", 17<<10) + `"}`},
		{name: "held back", method: "POST", path: "/api/v1/auth/refresh", status: 429, header: map[string]string{"X-Forwarded-For": attacker},
			body: jsonBody(map[string]string{"refresh_token": refresh})},
		{name: "an access token", method: "POST", path: "/api/v1/auth/logout", header: bearer(loggingOut), status: 204, goodRequest: true},
		{name: "an API token", method: "POST", path: "/api/v1/auth/logout", header: x(auditor), status: 400, goodRequest: true},
		{name: "the ended sign-in", method: "POST", path: "/api/v1/auth/logout", header: bearer(loggingOut), status: 401},
		{name: "another address", method: "POST", path: "/api/v1/auth/logout", header: x(fenced), status: 403},
		{name: "held back", method: "POST", path: "/api/v1/auth/logout", header: fromAttacker, status: 429},

		// Discovery
		{name: "the keys", method: "GET", path: "/.well-known/jwks.json", status: 200, goodRequest: true},
		{name: "the document", method: "GET", path: "/api/v1/openapi.json", status: 200, goodRequest: true, lenient: true,
			want: func(t *testing.T, res *http.Response, body []byte) {
				if !bytes.Equal(body, raw) {
					t.Error("the document served is not openapi.json")
				}
			}},
		{name: "the document, compressed", method: "GET", path: "/api/v1/openapi.json", status: 200, lenient: true,
			header: map[string]string{"Accept-Encoding": "gzip"},
			send: func(t *testing.T, req *http.Request) (*http.Response, []byte) {
				// Validated as the client reads it: decompressed.
				res, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				if res.Header.Get("Content-Encoding") != "gzip" {
					t.Fatalf("Content-Encoding %q", res.Header.Get("Content-Encoding"))
				}
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					t.Fatal(err)
				}
				body, err := io.ReadAll(zr)
				if err != nil || !bytes.Equal(body, raw) {
					t.Fatalf("the compressed document: %v", err)
				}
				return res, body
			}},
		{name: "unchanged", method: "GET", path: "/api/v1/openapi.json", status: 304, goodRequest: true,
			header: map[string]string{"If-None-Match": etagOf(t, e, "/api/v1/openapi.json")}},
	}
}

func etagOf(t *testing.T, e *apptest.Env, path string) string {
	t.Helper()
	r := call(t, e, "GET", path, nil, "")
	if r.Status != 200 || r.Header.Get("ETag") == "" {
		t.Fatalf("GET %s: %d, ETag %q", path, r.Status, r.Header.Get("ETag"))
	}
	return r.Header.Get("ETag")
}

// eventCases reach every answer of GET /api/v1/events.
func eventCases(t *testing.T, e *apptest.Env, admin *apptest.Client, spec *openAPISpec) []apiCase {
	gateway := createToken(t, admin, "Events", "Gateway", nil).CreateToken.Secret
	auditor := createToken(t, admin, "Events auditor", "Auditor", nil).CreateToken.Secret
	fenced := createToken(t, admin, "Events fenced", "Gateway", map[string]any{"whitelist": []string{"198.51.100.0/24"}}).CreateToken.Secret
	const attacker = "203.0.113.99"
	heldBack(t, e, attacker)
	return []apiCase{
		{name: "the stream", method: "GET", path: "/api/v1/events", header: map[string]string{"X-Auth-Token": gateway}, status: 200, goodRequest: true,
			send: func(t *testing.T, req *http.Request) (*http.Response, []byte) {
				ctx, cancel := context.WithTimeout(req.Context(), 10*time.Second)
				defer cancel()
				res, err := http.DefaultTransport.RoundTrip(req.WithContext(ctx))
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				// The first event, up to its blank line; then the stream is let go.
				var first bytes.Buffer
				br := bufio.NewReader(res.Body)
				for {
					line, err := br.ReadString('\n')
					first.WriteString(line)
					if err != nil || line == "\n" {
						break
					}
				}
				return res, first.Bytes()
			},
			want: func(t *testing.T, res *http.Response, body []byte) {
				event, data := parseEvent(string(body))
				if event != "ready" {
					t.Fatalf("the stream starts with %q", body)
				}
				spec.schema(t, "EventReady", []byte(data))
			}},
		{name: "two credentials", method: "GET", path: "/api/v1/events", header: map[string]string{"X-Auth-Token": gateway, "Authorization": "Bearer " + gateway}, status: 400},
		{name: "a bad token", method: "GET", path: "/api/v1/events", header: map[string]string{"X-Auth-Token": "kw_nope"}, status: 401, goodRequest: true},
		{name: "no tokens:verify", method: "GET", path: "/api/v1/events", header: map[string]string{"X-Auth-Token": auditor}, status: 403, goodRequest: true,
			want: wantMember("role", "Auditor")},
		{name: "another address", method: "GET", path: "/api/v1/events", header: map[string]string{"X-Auth-Token": fenced}, status: 403, goodRequest: true},
		{name: "held back", method: "GET", path: "/api/v1/events", header: map[string]string{"X-Auth-Token": "kw_nope", "X-Forwarded-For": attacker}, status: 429},
		{name: "changes elsewhere may be missed", method: "GET", path: "/api/v1/events", header: map[string]string{"X-Auth-Token": gateway}, status: 503, goodRequest: true,
			send: func(t *testing.T, req *http.Request) (*http.Response, []byte) {
				e.App.Tokens.Cache().Hears(false)
				defer e.App.Tokens.Cache().Hears(true)
				res, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				body, _ := io.ReadAll(res.Body)
				return res, body
			}},
	}
}

// parseEvent reads one server-sent event: its name and its data.
func parseEvent(block string) (event, data string) {
	for _, line := range strings.Split(block, "\n") {
		if v, ok := strings.CutPrefix(line, "event:"); ok {
			event = strings.TrimSpace(v)
		} else if v, ok := strings.CutPrefix(line, "data:"); ok {
			data += strings.TrimPrefix(v, " ")
		}
	}
	return event, data
}

// Every example in the document (which the console shows developers) is what its schema
// says.
func TestOpenAPIExamplesMatchTheirSchemas(t *testing.T) {
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	spec := loadOpenAPI(t, raw)
	n := 0
	checkContent := func(where string, content *orderedmap.Map[string, *v3.MediaType]) {
		for ctype, mt := range content.FromOldest() {
			if mt.Schema == nil {
				continue
			}
			values := map[string]*yaml.Node{}
			if mt.Example != nil {
				values["example"] = mt.Example
			}
			for name, ex := range mt.Examples.FromOldest() {
				values["examples."+name] = ex.Value
			}
			for name, node := range values {
				var v any
				if err := node.Decode(&v); err != nil {
					t.Fatalf("%s %s %s: %v", where, ctype, name, err)
				}
				n++
				if ok, errs := spec.schemas.ValidateSchemaObject(mt.Schema.Schema(), v); !ok {
					t.Errorf("%s %s %s is not what its schema says:\n%s", where, ctype, name, listErrors(errs))
				}
			}
		}
	}
	for path, item := range spec.model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			where := strings.ToUpper(method) + " " + path
			if op.RequestBody != nil {
				checkContent(where+" request", op.RequestBody.Content)
			}
			for status, res := range op.Responses.Codes.FromOldest() {
				checkContent(where+" "+status, res.Content)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d examples checked", n)
	}
}
