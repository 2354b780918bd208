package web

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/server/tokens"
)

// The memoised answer, with its scope put in, is what encoding/json renders.
func TestAppendVerifiedMatchesEncodingJSON(t *testing.T) {
	exp := time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	ids := []*tokens.Identity{
		{TokenID: 7, Name: `Billing "prod" <api>`, Hint: "kw_…x1", RoleID: 3, RoleName: "Auditor", CreatorID: 2, ExpiresAt: &exp,
			HasWhitelist: true, Allowed: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}},
		{TokenID: 9, Name: "app", RoleID: 4, RoleName: "AGENT", PartnerID: 5, App: &tokens.App{ClientID: "app_x", Name: "Checkout"}},
		{SignInID: 11, UserID: 2, Email: "ada@example.com", JTI: "j1", RoleID: 1, RoleName: "Administrator", All: true},
	}
	ids[0].Grant(false, map[string]bool{"audit:read": true, "transactions:read:own": true})
	ids[1].Grant(false, map[string]bool{"clients:read": true})
	ids[2].Grant(true, nil)
	for _, id := range ids {
		for _, scope := range []string{"", "all", "own", `we"ird<`} {
			v := viewsOf(id)
			want, _ := json.Marshal(verifyAnswer{true, v, scope, subjectOf(id, v)})
			want = append(want, '\n')
			if got := appendVerified(nil, id, scope); !bytes.Equal(got, want) {
				t.Errorf("scope %q:\n got %s\nwant %s", scope, got, want)
			}
		}
	}
}

func TestReadBodyLimit(t *testing.T) {
	b, err := readBody(strings.NewReader(strings.Repeat("x", 100)), nil, 100)
	if err != nil || len(b) != 100 {
		t.Fatalf("100 bytes within 100: %d %v", len(b), err)
	}
	if _, err := readBody(strings.NewReader(strings.Repeat("x", 101)), make([]byte, 0, 8), 100); err != errBodyTooLarge {
		t.Fatalf("101 bytes within 100: %v", err)
	}
}
