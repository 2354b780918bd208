package web

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/keyward/keyward/server/tokens"
)

// The memoised whoami answer is byte for byte what encoding/json writes for the same view.
func TestWhoamiRenderingMatchesEncoder(t *testing.T) {
	exp := time.Date(2027, 3, 1, 12, 30, 0, 0, time.FixedZone("X", 3600))
	ids := []*tokens.Identity{
		{TokenID: 7, Name: `deploy "bot" <prod>`, Hint: "kw_…abcd", RoleID: 2, RoleName: "Auditor",
			Perms: map[string]bool{"users:read": true, "audit:read": true}, ExpiresAt: &exp},
		{TokenID: 8, Name: "all", Hint: "kw_…wxyz", RoleID: 1, RoleName: "Administrator", All: true},
		{TokenID: 9, Name: "none", Hint: "kw_…0000", RoleID: 3, RoleName: "Empty", Perms: map[string]bool{}},
		{TokenID: 10, Name: "partner's", Hint: "kw_…1111", RoleID: 3, RoleName: "AGENT", Perms: map[string]bool{"clients:read": true},
			PartnerID: 4, App: &tokens.App{ID: 2, ClientID: "app_abc", Name: `Acme "mobile"`, PartnerID: 4}},
	}
	ips := []netip.Addr{netip.MustParseAddr("203.0.113.9"), netip.MustParseAddr("2001:db8::1"), {}}
	for _, id := range ids {
		for _, ip := range ips {
			for range 2 { // the second time from the memo
				rec := httptest.NewRecorder()
				whoami(rec, nil, id, ip, time.Time{})
				v := viewsOf(id)
				var want bytes.Buffer
				_ = json.NewEncoder(&want).Encode(whoamiView{v, ipString(ip)})
				if got := rec.Body.String(); got != want.String() {
					t.Fatalf("token %d, ip %v:\n got %s\nwant %s", id.TokenID, ip, got, want.String())
				}
				if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
					t.Fatalf("Content-Type %q", ct)
				}
				if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
					t.Fatalf("Cache-Control %q", cc)
				}
			}
		}
	}
}
