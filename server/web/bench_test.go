package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
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
