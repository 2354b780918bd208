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

// decodeStd is how verify decodes a body that the fast path leaves alone.
func decodeStd(body []byte) (verifyRequest, error) {
	var req verifyRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	return req, err
}

var verifyBodies = []string{
	`{"token":"kw_abc","ip":"203.0.113.45","permission":"clients:read"}`,
	` { "permission" : "a:b" , "token":"t" } `,
	"{\n\t\"token\": \"t\"\r\n}\n",
	`{}`,
	`{"token":""}`,
	`{"token":"a\"b"}`,
	`{"token":"\u006bw"}`,
	`{"token":"é"}`,
	`{"TOKEN":"t"}`,
	`{"Token":"t","token":"u"}`,
	`{"token":"t","token":"u"}`,
	`{"token":null}`,
	`{"token":1}`,
	`{"token":"t","extra":"x"}`,
	`{"token":"t"} {"token":"u"}`,
	`{"token":"t"}x`,
	`{"token":"t",}`,
	`{"token" "t"}`,
	`{"token":"t"`,
	`["token"]`,
	``,
	`{"token":"a<b>&"}`,
}

// The fast path decodes exactly as encoding/json would, or leaves the body to it.
func TestDecodeVerifyFastAgreesWithEncodingJSON(t *testing.T) {
	fast := 0
	for _, body := range verifyBodies {
		var got verifyRequest
		if !decodeVerifyFast([]byte(body), &got) {
			continue
		}
		fast++
		want, err := decodeStd([]byte(body))
		if err != nil || got != want {
			t.Errorf("%q: fast path decoded %+v; encoding/json %+v, %v", body, got, want, err)
		}
	}
	if fast != 6 {
		t.Errorf("the fast path took %d of the bodies, want the 6 plain ones", fast)
	}
}

func FuzzDecodeVerifyFast(f *testing.F) {
	for _, b := range verifyBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var got verifyRequest
		if !decodeVerifyFast(body, &got) {
			return
		}
		want, err := decodeStd(body)
		if err != nil || got != want {
			t.Fatalf("%q: fast path decoded %+v; encoding/json %+v, %v", body, got, want, err)
		}
	})
}

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
