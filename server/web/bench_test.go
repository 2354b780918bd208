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
	var out created
	admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }`,
		map[string]any{"i": map[string]any{"name": "bench", "roleId": admin.RoleID("Auditor"), "whitelist": []string{"192.0.2.0/24"}}}, &out)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/whoami", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	req.Header.Set("X-Auth-Token", out.CreateToken.Secret)
	h := e.App.Handler
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("whoami answered %d", rec.Code)
		}
	}
}

// BenchmarkRefusedHandler is the whole handler for GET /api/v1/whoami with a refused token:
// a bad checksum, and a well-formed token nobody has (after its first lookup, remembered as
// unknown). Limiting is off here: this is the refusal path itself.
func BenchmarkRefusedHandler(b *testing.B) {
	e := apptest.New(b, db.SQLite, func(c *config.Config, _ *app.Options) { c.RefusalLimit = 0 })
	admin := e.SetupAdmin(b)
	var out created
	admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }`,
		map[string]any{"i": map[string]any{"name": "bench", "roleId": admin.RoleID("Auditor")}}, &out)
	sec := out.CreateToken.Secret
	unknown, _ := tokens.NewSecret()
	for name, tok := range map[string]string{"bad checksum": sec[:len(sec)-1] + map[bool]string{true: "y", false: "x"}[sec[len(sec)-1] == 'x'], "unknown": string(unknown)} {
		b.Run(name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/whoami", nil)
			req.RemoteAddr = "192.0.2.7:5555"
			req.Header.Set("X-Auth-Token", tok)
			h := e.App.Handler
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusUnauthorized {
					b.Fatalf("answered %d", rec.Code)
				}
			}
		})
	}
}

// BenchmarkVerifyHandler is the whole handler for POST /api/v1/verify on a cache hit: a
// resource server's token checking a whitelisted token for one permission.
func BenchmarkVerifyHandler(b *testing.B) {
	e := apptest.New(b, db.SQLite)
	admin := e.SetupAdmin(b)
	var gw struct{ CreateRole struct{ ID string } }
	admin.MustDo(`mutation{ createRole(input:{name:"Resource server", permissions:["tokens:verify"]}){ id } }`, nil, &gw)
	var checked, gateway created
	admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }`,
		map[string]any{"i": map[string]any{"name": "bench", "roleId": admin.RoleID("Auditor"), "whitelist": []string{"192.0.2.0/24"}}}, &checked)
	admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }`,
		map[string]any{"i": map[string]any{"name": "gateway", "roleId": gw.CreateRole.ID}}, &gateway)
	body := `{"token":"` + checked.CreateToken.Secret + `","ip":"192.0.2.7","permission":"audit:read"}`
	h := e.App.Handler
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/verify", strings.NewReader(body))
		req.RemoteAddr = "198.51.100.1:5555"
		req.Header.Set("Authorization", "Bearer "+gateway.CreateToken.Secret)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"valid":true`) {
			b.Fatalf("verify answered %d %s", rec.Code, rec.Body)
		}
	}
}
