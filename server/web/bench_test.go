package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/config"
	"github.com/keyward/keyward/server/tokens"
)

// BenchmarkWhoamiHandler is the whole of Keyward's handler for GET /api/v1/whoami with a
// cached token, in process (no network): routing, logging middleware, token check, answer.
func BenchmarkWhoamiHandler(b *testing.B) {
	e := apptest.New(b, db.SQLite)
	admin := e.SetupAdmin(b)
	out := createToken(b, admin, "bench", "Auditor", map[string]any{"whitelist": []string{"192.0.2.0/24"}})
	serveLoop(b, e, whoamiRequest(out.CreateToken.Secret), http.StatusOK, "")
}

// whoamiRequest is GET /api/v1/whoami with secret, from a whitelisted address.
func whoamiRequest(secret string) func() *http.Request {
	req := httptest.NewRequest(http.MethodGet, "/api/v1/whoami", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	req.Header.Set("X-Auth-Token", secret)
	return func() *http.Request { return req }
}

// serveLoop runs Keyward's handler on the request newReq returns, once per iteration,
// failing unless it answers status want with a body that holds wantBody.
func serveLoop(b *testing.B, e *apptest.Env, newReq func() *http.Request, want int, wantBody string) {
	b.Helper()
	h := e.App.Handler
	b.ReportAllocs()
	for b.Loop() {
		req := newReq()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want || wantBody != "" && !strings.Contains(rec.Body.String(), wantBody) {
			b.Fatalf("%s answered %d %s", req.URL.Path, rec.Code, rec.Body)
		}
	}
}

// BenchmarkRefusedHandler is the whole handler for GET /api/v1/whoami with a refused token:
// a bad checksum, and a well-formed token nobody has (after its first lookup, remembered as
// unknown). Limiting is off here: this is the refusal path itself.
func BenchmarkRefusedHandler(b *testing.B) {
	e := apptest.New(b, db.SQLite, func(c *config.Config, _ *app.Options) { c.RefusalLimit = 0 })
	admin := e.SetupAdmin(b)
	sec := createToken(b, admin, "bench", "Auditor", nil).CreateToken.Secret
	unknown, _ := tokens.NewSecret()
	for name, tok := range map[string]string{"bad checksum": sec[:len(sec)-1] + map[bool]string{true: "y", false: "x"}[sec[len(sec)-1] == 'x'], "unknown": string(unknown)} {
		b.Run(name, func(b *testing.B) { serveLoop(b, e, whoamiRequest(tok), http.StatusUnauthorized, "") })
	}
}

// BenchmarkVerifyHandler is the whole handler for POST /api/v1/verify on a cache hit: a
// resource server's token checking a whitelisted token for one permission.
func BenchmarkVerifyHandler(b *testing.B) {
	e := apptest.New(b, db.SQLite)
	admin := e.SetupAdmin(b)
	admin.MustDo(`mutation{ createRole(input:{name:"Resource server", permissions:["tokens:verify"]}){ id } }`, nil, new(any))
	checked := createToken(b, admin, "bench", "Auditor", map[string]any{"whitelist": []string{"192.0.2.0/24"}})
	gateway := createToken(b, admin, "gateway", "Resource server", nil)
	body := `{"token":"` + checked.CreateToken.Secret + `","ip":"192.0.2.7","permission":"audit:read"}`
	serveLoop(b, e, func() *http.Request {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/verify", strings.NewReader(body))
		req.RemoteAddr = "198.51.100.1:5555"
		req.Header.Set("Authorization", "Bearer "+gateway.CreateToken.Secret)
		return req
	}, http.StatusOK, `"valid":true`)
}
