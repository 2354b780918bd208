package graph_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/config"
)

// Hundreds of scripted bad inputs, over every door: the token headers, CIDR ranges, IP
// addresses and X-Forwarded-For, GraphQL bodies, approval links and the session cookie. Each
// gets a clean answer (a 4xx, or a GraphQL error that is not INTERNAL), nothing is written,
// and nothing reaches the error log.

var badTokens = func() []string {
	out := []string{"", " ", "kw_", "kw_x", "KW_" + strings.Repeat("a", 49), "kw_" + strings.Repeat("a", 48), "kw_" + strings.Repeat("a", 50),
		"kw_" + strings.Repeat("a", 49), "kw_" + strings.Repeat("!", 49), "kw_" + strings.Repeat("é", 25), strings.Repeat("k", 10000),
		"' OR 1=1 --", "kw_'; DROP TABLE tokens; --" + strings.Repeat("a", 20), "null", "undefined", "{}", "[]", "Basic Zm9vOmJhcg==",
		"\u202ekw_" + strings.Repeat("a", 49), "kw_" + strings.Repeat("0", 49), "kw_" + strings.Repeat("z", 43) + "%00%00%",
		"kw_" + strings.Repeat("A", 43) + "\t00000", "kw_" + strings.Repeat("1", 43) + "ZZZZZZ", "Bearer", "kw_😀😀😀"}
	for i := 0; i < 25; i++ {
		out = append(out, fmt.Sprintf("kw_%043d%06d", i*7919, i))
	}
	return out
}()

var badCIDRs = []string{"", " ", "abc", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/", "/24", "::1/129",
	"::g", "1.2.3.4/24", "192.168.1.7/24", "10.1.2.3/8", "fe80::1%eth0", "0x7f000001", "017.0.0.1", "1.2.3.4 5.6.7.8", "1.2.3.4,5.6.7.8",
	"1.2.3.4\x00", "[::1]", "::1::80", "http://1.2.3.4", "1.2.3.4:80", "2001:db8::/200", "2001:db8::1/64", "*", "0/0", "localhost",
	"1.2.3.4/8.8", "１.２.３.４", "1.2.3.4/24/24", "::ffff:1.2.3.4/200", strings.Repeat("1", 300)}

var badIPs = []string{"abc", "1.2.3", "256.0.0.1", "1.2.3.4/32", "::g", "fe80::1%", "1.2.3.4:80", "[::1]", "１.２.３.４", " 1.2.3.4x",
	"0x7f.0.0.1", strings.Repeat("9", 100), "1.2.3.4\x00", "::ffff:1.2.3.300", "localhost"}

var badForwarded = []string{"garbage", "1.2.3", ", , ,", "256.256.256.256", "unknown", "[::1", "1.2.3.4, nonsense", "nonsense, 1.2.3.4x",
	strings.Repeat("1.2.3.4,", 500), "\u00ff\u00fe", "for=1.2.3.4", "1.2.3.4;proto=http"}

var badBodies = []string{"", "{", "null", "[]", `{"query":1}`, `{"query":""}`, `{"query":"{"}`, `{"query":"{ nope }"}`,
	`{"query":"query { me { id } } query { me { id } }"}`, `{"query":"{ me { id } }","variables":"x"}`,
	`{"query":"mutation($i:CreateTokenInput!){ createToken(input:$i){ secret } }","variables":{"i":{"name":"x"}}}`,
	`{"query":"{ users(first: 100000) { totalCount } }"}`, `{"query":"{ users(first: -1) { totalCount } }"}`,
	`{"query":"{ token(id: \"-1\") { id } }"}`, `{"query":"{ token(id: \"99999999999999999999\") { id } }"}`,
	`{"query":"{ auditEvents(after: \"!!!\") { totalCount } }"}`, `{"query":"{ __typename ` + strings.Repeat("a: __typename ", 3000) + `}"}`,
	`{"query":"{ me { id } }","operationName":"Nope"}`, `[{"query":"{ me { id } }"}]`, `{"query":"subscription { me }"}`,
	`{"query":"{ tokens(filter:{status: NOPE}) { totalCount } }"}`, `{"query":"{ me { ...F } } fragment F on User { ...F }"}`}

var badLinks = []string{"", "x", strings.Repeat("a", 43), strings.Repeat("a", 200), "../../etc/passwd", "' OR 1=1 --", "%00", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"}

var badCookies = []string{"", "x", strings.Repeat("A", 4000), "'; DROP TABLE sessions; --", "%00%00", "a.b.c", "null"}

func TestHundredsOfBadInputs(t *testing.T) {
	trust := func(c *config.Config, _ *app.Options) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
		c.RefusalLimit = 0 // each input on its own, not answered 429 for the ones before
	}
	apptest.EachDialect(t, func(t *testing.T, d db.Dialect) {
		e := apptest.New(t, d, trust)
		admin := e.SetupAdmin(t)
		admin.MustDo(`mutation{ createRole(input:{name:"Gateway", permissions:["tokens:verify"]}){ id } }`, nil, &struct{}{})
		var tok, gw tokenOut
		tok = createToken(admin, "Fenced", admin.RoleID("Auditor"), map[string]any{"whitelist": []string{"198.51.100.0/24"}})
		gw = createToken(admin, "Gateway", admin.RoleID("Gateway"), nil)
		before := rowCounts(t, e)
		tried := 0
		clean := func(what string, status int, body string) {
			t.Helper()
			tried++
			switch {
			case status >= 500:
				t.Errorf("%s: %d %s", what, status, body)
			case status == 200 && strings.Contains(body, `"INTERNAL"`):
				t.Errorf("%s: INTERNAL: %s", what, body)
			case status == 200 && !strings.Contains(body, `"errors"`) && !strings.Contains(body, `"valid":false`) && !strings.Contains(body, `"approvalRequest":null`):
				t.Errorf("%s: accepted: %s", what, body)
			}
		}
		send := func(method, path, body string, h map[string]string) (int, string) {
			t.Helper()
			req, err := http.NewRequest(method, e.Server.URL+path, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			for k, v := range h {
				req.Header[k] = []string{v}
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return 400, "refused by the client: " + err.Error() // a header the HTTP client will not send
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		gql := `{"query":"{ tokens { totalCount } }"}`
		for _, bad := range badTokens {
			for _, h := range []map[string]string{{"X-Auth-Token": bad}, {"Authorization": "Bearer " + bad}, {"Authorization": bad}} {
				s, b := send("GET", "/api/v1/whoami", "", h)
				clean("whoami token "+fmt.Sprintf("%.40q", bad), s, b)
				s, b = send("POST", "/graphql", gql, h)
				clean("graphql token "+fmt.Sprintf("%.40q", bad), s, b)
			}
			s, b := send("POST", "/api/v1/verify", `{"token":`+jsonString(bad)+`}`, map[string]string{"Authorization": "Bearer " + gw.CreateToken.Secret})
			clean("verify body token "+fmt.Sprintf("%.40q", bad), s, b)
		}
		for _, bad := range badCIDRs {
			r := admin.Do(`mutation($t:ID!,$c:String!){ addWhitelistEntry(tokenId:$t, cidr:$c){ id } }`, map[string]any{"t": tok.CreateToken.Token.ID, "c": bad})
			tried++
			if r.Code() != "BAD_USER_INPUT" || r.Field() != "cidr" {
				t.Errorf("cidr %q: %+v", bad, r.Errors)
			}
			r = admin.Do(createTokenOp, map[string]any{"i": map[string]any{"name": "never", "roleId": admin.RoleID("Auditor"), "whitelist": []string{bad}}})
			tried++
			if r.Code() != "BAD_USER_INPUT" || r.Field() != "whitelist" {
				t.Errorf("whitelist %q: %+v", bad, r.Errors)
			}
		}
		for _, bad := range badIPs {
			s, b := send("POST", "/api/v1/verify", `{"token":"`+tok.CreateToken.Secret+`","ip":`+jsonString(bad)+`}`, map[string]string{"Authorization": "Bearer " + gw.CreateToken.Secret})
			tried++
			if s != 400 || !strings.Contains(b, `"field":"ip"`) {
				t.Errorf("verify ip %q: %d %s", bad, s, b)
			}
		}
		for _, bad := range badForwarded {
			// The fenced token admits 198.51.100.0/24 only: no forwarded garbage gets it in.
			s, b := send("GET", "/api/v1/whoami", "", map[string]string{"X-Auth-Token": tok.CreateToken.Secret, "X-Forwarded-For": bad})
			tried++
			if s != 403 {
				t.Errorf("X-Forwarded-For %.40q: %d %s", bad, s, b)
			}
		}
		for _, bad := range badBodies {
			s, b := send("POST", "/graphql", bad, nil)
			clean("graphql body "+fmt.Sprintf("%.60q", bad), s, b)
			s, b = send("POST", "/api/v1/verify", bad, map[string]string{"Authorization": "Bearer " + gw.CreateToken.Secret})
			tried++
			if s != 400 && s != 413 {
				t.Errorf("verify body %.60q: %d %s", bad, s, b)
			}
		}
		for _, bad := range badLinks {
			for _, op := range []string{`query($l:String!){ approvalRequest(link:$l){ id } }`, `mutation($l:String!){ decideApproval(link:$l, approve:true){ id } }`} {
				r := e.Client(t).Do(op, map[string]any{"l": bad})
				tried++
				if code := r.Code(); code != "" && code != "NOT_FOUND" {
					t.Errorf("link %.40q: %+v", bad, r.Errors)
				}
			}
			s, b := send("GET", "/approve/"+strings.ReplaceAll(bad, "/", "%2F"), "", nil)
			tried++
			if s >= 500 {
				t.Errorf("approve page %q: %d %s", bad, s, b)
			}
		}
		for _, bad := range badCookies {
			s, b := send("POST", "/graphql", `{"query":"{ me { id } users { totalCount } }"}`, map[string]string{"Cookie": "keyward_session=" + bad})
			clean("session cookie "+fmt.Sprintf("%.40q", bad), s, b)
		}
		if after := rowCounts(t, e); !equalCounts(before, after) {
			t.Errorf("bad input wrote: %v -> %v", before, after)
		}
		if err := e.App.Refusals.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(e.LogText(), "level=ERROR") {
			t.Errorf("bad input reached the error log:\n%s", e.LogText())
		}
		if tried < 500 {
			t.Fatalf("only %d bad inputs tried", tried)
		}
		t.Logf("%d bad inputs: each answered cleanly, nothing written, no error logged", tried)
	})
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
