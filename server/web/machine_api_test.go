package web_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
)

func call(t *testing.T, e *apptest.Env, method, path string, hdr map[string]string, body string) apptest.APIResponse {
	t.Helper()
	return e.Call(t, method, path, hdr, body)
}

type created struct {
	CreateToken struct {
		Secret string
		Token  struct {
			ID, Hint, Status string
		}
	}
}

func createToken(t testing.TB, admin *apptest.Client, name, role string, extra map[string]any) created {
	t.Helper()
	in := map[string]any{"name": name, "roleId": admin.RoleID(role)}
	for k, v := range extra {
		in[k] = v
	}
	var out created
	admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id hint status } } }`, map[string]any{"i": in}, &out)
	return out
}

func TestWhoamiAndErrors(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		tok := createToken(t, admin, "Billing sync", "Auditor", map[string]any{"whitelist": []string{"127.0.0.1", "10.0.0.0/8"}})
		sec := tok.CreateToken.Secret
		if !strings.HasPrefix(sec, "kw_") || len(sec) != 52 {
			t.Fatalf("secret %q", sec)
		}
		r := call(t, e, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": sec}, "")
		if r.Status != 200 || r.Body["role"].(map[string]any)["name"] != "Auditor" || r.Body["ip"] != "127.0.0.1" {
			t.Fatalf("whoami: %d %s", r.Status, r.Raw)
		}
		r = call(t, e, "GET", "/api/v1/whoami", map[string]string{"Authorization": "Bearer " + sec}, "")
		if r.Status != 200 {
			t.Fatalf("bearer: %d %s", r.Status, r.Raw)
		}
		wrong := sec[:len(sec)-1] + "x" // one character off: the checksum no longer matches
		if strings.HasSuffix(sec, "x") {
			wrong = sec[:len(sec)-1] + "y"
		}
		for name, hdr := range map[string]map[string]string{
			"missing":   {},
			"malformed": {"X-Auth-Token": "kw_nope"},
			"checksum":  {"X-Auth-Token": wrong},
			"basic":     {"Authorization": "Basic Zm9vOmJhcg=="},
		} {
			r := call(t, e, "GET", "/api/v1/whoami", hdr, "")
			if r.Status != 401 || r.Raw != `{"error":"unauthorized","message":"invalid or expired token"}`+"\n" {
				t.Errorf("%s: %d %s", name, r.Status, r.Raw)
			}
		}
		r = call(t, e, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": sec, "Authorization": "Bearer kw_other"}, "")
		if r.Status != 400 {
			t.Errorf("two tokens: %d %s", r.Status, r.Raw)
		}
		// verify needs tokens:verify.
		r = call(t, e, "POST", "/api/v1/verify", map[string]string{"X-Auth-Token": sec}, `{"token":"`+sec+`"}`)
		if r.Status != 403 || r.Body["message"] != "Insufficient permissions to access this resource" || r.Body["role"] != "Auditor" {
			t.Errorf("verify without permission: %d %s", r.Status, r.Raw)
		}
		// A role for resource servers.
		var role struct{ CreateRole struct{ ID string } }
		admin.MustDo(`mutation{ createRole(input:{name:"Resource server",permissions:["tokens:verify"]}){ id } }`, nil, &role)
		rs := createToken(t, admin, "Gateway", "Resource server", nil).CreateToken.Secret
		check := func(body string) apptest.APIResponse {
			return call(t, e, "POST", "/api/v1/verify", map[string]string{"Authorization": "Bearer " + rs}, body)
		}
		r = check(`{"token":"` + sec + `","ip":"10.1.2.3","permission":"users:read"}`)
		if r.Status != 200 || r.Body["valid"] != true {
			t.Errorf("verify good: %d %s", r.Status, r.Raw)
		}
		r = check(`{"token":"` + sec + `","ip":"192.0.2.1"}`)
		if r.Body["valid"] != false || r.Body["code"] != "ip_not_allowed" {
			t.Errorf("verify ip: %s", r.Raw)
		}
		r = check(`{"token":"` + sec + `","ip":"::ffff:10.9.9.9","permission":"users:write"}`)
		if r.Body["code"] != "insufficient_permissions" {
			t.Errorf("verify perm: %s", r.Raw)
		}
		r = check(`{"token":"kw_bad"}`)
		if r.Body["code"] != "malformed" {
			t.Errorf("verify malformed: %s", r.Raw)
		}
		// Edit: the secret stays, the role applies at once.
		var up struct{ UpdateToken struct{ Hint string } }
		admin.MustDo(`mutation($id:ID!,$r:ID!){ updateToken(id:$id,input:{roleId:$r}){ hint } }`, map[string]any{"id": tok.CreateToken.Token.ID, "r": admin.RoleID("Security Manager")}, &up)
		if up.UpdateToken.Hint != tok.CreateToken.Token.Hint {
			t.Error("an edit changed the hint")
		}
		r = check(`{"token":"` + sec + `","ip":"10.1.2.3"}`)
		if r.Body["role"].(map[string]any)["name"] != "Security Manager" {
			t.Errorf("role change not applied at once: %s", r.Raw)
		}
		// Revoke.
		admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ status } }`, map[string]any{"id": tok.CreateToken.Token.ID}, &struct{}{})
		r = check(`{"token":"` + sec + `","ip":"10.1.2.3"}`)
		if r.Body["code"] != "revoked" {
			t.Errorf("revoked: %s", r.Raw)
		}
		e.Clock.Add(time.Second)
	})
}

// Routing of the machine API, after a token is verified: wrong methods and unknown paths get
// the JSON 404, HEAD works as GET, and an unclean path is redirected to its clean form.
func TestMachineAPIRouting(t *testing.T) {
	e := apptest.New(t, db.SQLite)
	admin := e.SetupAdmin(t)
	sec := createToken(t, admin, "Router", "Auditor", nil).CreateToken.Secret
	hdr := map[string]string{"X-Auth-Token": sec}
	if r := call(t, e, "POST", "/api/v1/whoami", hdr, ""); r.Status != http.StatusNotFound || r.Body["error"] != "not_found" {
		t.Fatalf("POST whoami: %d %s", r.Status, r.Raw)
	}
	if r := call(t, e, "GET", "/api/v1/verify", hdr, ""); r.Status != http.StatusNotFound || r.Body["error"] != "not_found" {
		t.Fatalf("GET verify: %d %s", r.Status, r.Raw)
	}
	if r := call(t, e, "GET", "/api/v1/nope", hdr, ""); r.Status != http.StatusNotFound || r.Body["error"] != "not_found" {
		t.Fatalf("unknown path: %d %s", r.Status, r.Raw)
	}
	if r := call(t, e, "HEAD", "/api/v1/whoami", hdr, ""); r.Status != http.StatusOK {
		t.Fatalf("HEAD whoami: %d", r.Status)
	}
	req, _ := http.NewRequest("GET", e.Server.URL+"/api/v1/x/../whoami", nil)
	req.URL.Opaque = "/api/v1/x/../whoami" // keep the client from cleaning it
	req.Header.Set("X-Auth-Token", sec)
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTemporaryRedirect || res.Header.Get("Location") != "/api/v1/whoami" {
		t.Fatalf("unclean path: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// A request with more than one credential is refused, whatever their order: a valid token
// followed by garbage must not be let through because the valid one was read first.
func TestMoreThanOneCredentialIsRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		sec := createToken(t, admin, "Only one", "Auditor", nil).CreateToken.Secret
		cases := map[string]http.Header{
			"two X-Auth-Token values":    {"X-Auth-Token": {sec, "garbage"}},
			"garbage, then a valid one":  {"X-Auth-Token": {"garbage", sec}},
			"two Authorization values":   {"Authorization": {"Bearer " + sec, "Bearer garbage"}},
			"the same token in both":     {"X-Auth-Token": {sec}, "Authorization": {"Bearer " + sec}},
			"a token and another scheme": {"X-Auth-Token": {sec}, "Authorization": {"Basic Zm9vOmJhcg=="}},
		}
		for name, h := range cases {
			for _, path := range []string{"/api/v1/whoami", "/graphql"} {
				req, _ := http.NewRequest(http.MethodPost, e.Server.URL+path, strings.NewReader(`{"query":"{ tokens { totalCount } }"}`))
				if path == "/api/v1/whoami" {
					req.Method = http.MethodGet
				}
				req.Header = h.Clone()
				req.Header.Set("Content-Type", "application/json")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), `"error":"bad_request"`) {
					t.Errorf("%s on %s: %d %s", name, path, res.StatusCode, raw)
				}
			}
		}
	})
}

// A qualified permission grants its plain one, limited: a CUSTOMER token verified for
// transactions:read answers scope "own", with the subject a resource server limits it to.
func TestVerifyAnswersTheScopeOfQualifiedPermissions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		if _, _, err := e.App.Access.SeedDemo(t.Context()); err != nil {
			t.Fatal(err)
		}
		admin.MustDo(`mutation{ createRole(input:{name:"Gateway", permissions:["tokens:verify"]}){ id } }`, nil, &struct{}{})
		gw := createToken(t, admin, "Gateway", "Gateway", nil).CreateToken.Secret
		customer := createToken(t, admin, "Customer app", "CUSTOMER", nil).CreateToken.Secret
		manager := createToken(t, admin, "Manager app", "MANAGER", nil).CreateToken.Secret
		verifyAs := func(tok, perm string) map[string]any {
			t.Helper()
			r := call(t, e, "POST", "/api/v1/verify", map[string]string{"Authorization": "Bearer " + gw}, `{"token":"`+tok+`","permission":"`+perm+`"}`)
			if r.Status != 200 {
				t.Fatalf("verify %s: %d %s", perm, r.Status, r.Raw)
			}
			return r.Body
		}
		for _, c := range []struct {
			tok, perm, scope string
			valid            bool
		}{
			{customer, "transactions:read", "own", true},
			{customer, "transactions:read:own", "own", true},
			{customer, "transactions:create", "own", true},
			{customer, "quotes:request", "all", true},
			{customer, "transactions:update", "", false},
			{manager, "transactions:read", "all", true},
			{manager, "reports:read", "all", true},
			{manager, "transactions:create", "", false},
		} {
			b := verifyAs(c.tok, c.perm)
			if b["valid"] != c.valid || c.valid && b["scope"] != c.scope || !c.valid && b["code"] != "insufficient_permissions" {
				t.Errorf("%s for %s: %v; want valid %v scope %q", c.perm, map[bool]string{true: "CUSTOMER"}[c.tok == customer], b, c.valid, c.scope)
			}
		}
		sub, _ := verifyAs(customer, "transactions:read")["subject"].(map[string]any)
		if sub == nil || sub["user_id"] == nil || sub["tenant_id"] != nil || sub["client_id"] != nil {
			t.Errorf("the CUSTOMER token's subject: %v", sub)
		}
		r := call(t, e, "POST", "/api/v1/verify", map[string]string{"Authorization": "Bearer " + gw}, `{"token":"`+customer+`"}`)
		if _, has := r.Body["scope"]; has || r.Body["valid"] != true {
			t.Errorf("without a permission asked: %s", r.Raw)
		}
	})
}

// Every machine API answer states its length, small or large, so that a resource server's
// client never meets a chunked answer: net/http writes it for a small one, Keyward for a
// large one (a role with many permissions).
func TestMachineAPIAnswersStateTheirLength(t *testing.T) {
	e := apptest.New(t, db.SQLite)
	admin := e.SetupAdmin(t)
	perms := []string{"tokens:verify"}
	for m := range 4 { // a module has at most 20 actions
		var actions []string
		for i := range 20 {
			actions = append(actions, fmt.Sprintf("action_number_%02d_of_many", i))
		}
		key := fmt.Sprintf("ledger%d", m)
		admin.MustDo(`mutation($k:String!, $a:[String!]!){ createModule(input:{name:$k, key:$k, actions:$a}){ key } }`, map[string]any{"k": key, "a": actions}, new(any))
		for _, a := range actions {
			perms = append(perms, key+":"+a)
		}
	}
	admin.MustDo(`mutation($p:[String!]!){ createRole(input:{name:"Big", permissions:$p}){ id } }`, map[string]any{"p": perms}, new(any))
	big := createToken(t, admin, "big", "Big", nil)
	small := createToken(t, admin, "small", "Auditor", nil)
	for _, tok := range []string{small.CreateToken.Secret, big.CreateToken.Secret} {
		for _, req := range []*http.Request{
			mustRequest(t, "GET", e.Server.URL+"/api/v1/whoami", ""),
			mustRequest(t, "POST", e.Server.URL+"/api/v1/verify", `{"token":"`+tok+`","ip":"127.0.0.1"}`),
		} {
			req.Header.Set("X-Auth-Token", tok)
			if req.Method == "POST" {
				req.Header.Set("X-Auth-Token", big.CreateToken.Secret) // holds tokens:verify
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || res.ContentLength != int64(len(body)) || len(res.TransferEncoding) > 0 {
				t.Fatalf("%s %s: %d, Content-Length %d for %d bytes, Transfer-Encoding %v: %s",
					req.Method, req.URL.Path, res.StatusCode, res.ContentLength, len(body), res.TransferEncoding, body)
			}
			if tok == big.CreateToken.Secret && len(body) < 2048 {
				t.Fatalf("%s %s: only %d bytes: the large answer is not large", req.Method, req.URL.Path, len(body))
			}
		}
	}
}

func mustRequest(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return req
}
