package graph_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/mail/mailtest"
	"github.com/keyward/keyward/server/tokens"
)

// Tests of regressions that the rest of the suite would let through: each was checked by
// making the one-line bug and seeing it fail.

// The session id is renewed at sign-in: a cookie held before signing in (the emailed-code
// step makes one) is dead once the sign-in completes, so a planted id is worth nothing.
func TestSignInKillsThePreLoginSessionID(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		admin.MustDo(`mutation{ updateSettings(input:{loginCodeRequired:true}){ loginCodeRequired } }`, nil, &struct{}{})
		c := e.Client(t)
		var out loginOut
		c.MustDo(`mutation($p:String!){ login(email:"admin@example.com", password:$p){ codeRequired } }`, map[string]any{"p": apptest.AdminPassword}, &out)
		before := c.Cookie("keyward_session")
		if !out.Login.CodeRequired || before == "" {
			t.Fatalf("the code step: %+v, cookie %q", out, before)
		}
		code := codeOf(t, smtp, 1, "admin@example.com")
		c.MustDo(`mutation($c:String!){ verifyLoginCode(code:$c){ user { email } } }`, map[string]any{"c": code}, &struct{}{})
		after := c.Cookie("keyward_session")
		if after == "" || after == before {
			t.Fatalf("the session id was not renewed at sign-in: %q -> %q", before, after)
		}
		planted := e.Client(t)
		planted.Header.Set("Cookie", "keyward_session="+before)
		var me struct{ Me *struct{ Email string } }
		planted.MustDo(`{ me { email } }`, nil, &me)
		if me.Me != nil {
			t.Fatal("the pre-login session id is signed in")
		}
	})
}

// A refused token never reaches the log, on a 401 or in a verify body.
func TestRefusedTokensStayOutOfTheLog(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		var rs tokenOut
		admin.MustDo(`mutation{ createRole(input:{name:"Gateway", permissions:["tokens:verify"]}){ id } }`, nil, &struct{}{})
		rs = createToken(admin, "Gateway", admin.RoleID("Gateway"), nil)
		unknown, _ := tokens.NewSecret()
		bad := string(unknown)[:len(unknown)-1] + "x"
		for _, tok := range []string{string(unknown), bad} {
			req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/api/v1/whoami?token="+url.QueryEscape(tok), nil)
			req.Header.Set("X-Auth-Token", tok)
			if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 401 {
				t.Fatalf("whoami: %v %v", res, err)
			} else {
				res.Body.Close()
			}
			req, _ = http.NewRequest(http.MethodPost, e.Server.URL+"/api/v1/verify", strings.NewReader(`{"token":"`+tok+`"}`))
			req.Header.Set("Authorization", "Bearer "+rs.CreateToken.Secret)
			if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
				t.Fatalf("verify: %v %v", res, err)
			} else {
				res.Body.Close()
			}
			gql := e.Client(t)
			gql.Header.Set("X-Auth-Token", tok)
			gql.Do(`{ me { id } }`, nil)
		}
		if err := e.App.Refusals.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{string(unknown), bad} {
			if strings.Contains(e.LogText(), tok) || strings.Contains(e.LogText(), tok[3:20]) {
				t.Fatalf("a refused token reached the log:\n%s", e.LogText())
			}
		}
		for _, ev := range auditTrail(t, e, admin, "token.use", 50) {
			if strings.Contains(ev.Details, string(unknown)) || strings.Contains(ev.Details, bad) {
				t.Fatalf("a refused token reached the audit trail: %s", ev.Details)
			}
		}
	})
}

// The maximum token lifetime is the setting's, not always 365 days.
func TestTheMaximumLifetimeIsTheSettings(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		admin.MustDo(`mutation{ updateSettings(input:{maxTokenLifetimeDays:30}){ maxTokenLifetimeDays } }`, nil, &struct{}{})
		at := func(days int) string {
			return apptest.Start.Add(time.Duration(days) * 24 * time.Hour).Format(time.RFC3339)
		}
		r := admin.Do(createTokenOp, map[string]any{"i": map[string]any{"name": "Long", "roleId": admin.RoleID("Auditor"), "expiresAt": at(60)}})
		if r.Code() != "BAD_USER_INPUT" || r.Field() != "expiresAt" || !strings.Contains(r.Errors[0].Message, "30 days") {
			t.Fatalf("60 days with a 30-day maximum: %+v", r.Errors)
		}
		ok := createToken(admin, "Short", admin.RoleID("Auditor"), map[string]any{"expiresAt": at(29)})
		if r := admin.Do(`mutation($id:ID!){ renewToken(id:$id, days:60){ id } }`, map[string]any{"id": ok.CreateToken.Token.ID}); r.Code() != "BAD_USER_INPUT" || r.Field() != "days" {
			t.Fatalf("renewing for 60 days: %+v", r.Errors)
		}
		var policy struct{ TokenPolicy struct{ MaxLifetimeDays int } }
		admin.MustDo(`{ tokenPolicy { maxLifetimeDays } }`, nil, &policy)
		if policy.TokenPolicy.MaxLifetimeDays != 30 {
			t.Fatalf("tokenPolicy = %+v", policy)
		}
	})
}

// A token's very next request sees its deletion, and the renewal of an expired token.
func TestTheCacheHearsOfDeletionAndRenewal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		gone := createToken(admin, "Gone", admin.RoleID("Auditor"), nil)
		if s := whoamiStatus(t, e, gone.CreateToken.Secret); s != 200 {
			t.Fatalf("before deletion: %d", s)
		}
		admin.MustDo(`mutation($id:ID!){ deleteToken(id:$id) }`, map[string]any{"id": gone.CreateToken.Token.ID}, &struct{}{})
		if s := whoamiStatus(t, e, gone.CreateToken.Secret); s != 401 {
			t.Fatalf("a deleted token answers %d", s)
		}

		var old tokenOut
		admin.MustDo(createTokenOp, map[string]any{"i": map[string]any{"name": "Lapsed", "roleId": admin.RoleID("Auditor"),
			"expiresAt": apptest.Start.Add(48 * time.Hour).Format(time.RFC3339)}}, &old)
		if s := whoamiStatus(t, e, old.CreateToken.Secret); s != 200 {
			t.Fatalf("before expiry: %d", s)
		}
		e.Clock.Add(49 * time.Hour)
		admin = e.SignIn(t, "admin@example.com")
		if s := whoamiStatus(t, e, old.CreateToken.Secret); s != 401 {
			t.Fatalf("an expired token answers %d", s)
		}
		admin.MustDo(`mutation($id:ID!){ renewToken(id:$id, days:30){ id } }`, map[string]any{"id": old.CreateToken.Token.ID}, &struct{}{})
		if s := whoamiStatus(t, e, old.CreateToken.Secret); s != 200 {
			t.Fatalf("a renewed token answers %d", s)
		}
	})
}

// GET never runs a GraphQL operation (a link or an image could otherwise mutate).
func TestGetDoesNotRunGraphQL(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		for _, q := range []string{`{ me { email } }`, `mutation { logout }`} {
			req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/graphql?query="+url.QueryEscape(q), nil)
			for _, c := range admin.HTTP.Jar.Cookies(req.URL) {
				req.AddCookie(c)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == 200 || strings.Contains(string(body), "admin@example.com") {
				t.Fatalf("GET %s answered %d %s", q, res.StatusCode, body)
			}
		}
		var me struct{ Me *struct{ Email string } }
		admin.MustDo(`{ me { email } }`, nil, &me)
		if me.Me == nil {
			t.Fatal("a GET signed the administrator out")
		}
	})
}

// A resend makes the old links useless.
func TestOldLinksStopWorkingAfterAResend(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		out, old := requestApproval(t, admin, smtp, "owner@example.com", "Resent", "192.0.2.9")
		var tok struct {
			Token struct{ Whitelist []struct{ ID string } }
		}
		admin.MustDo(`query($id:ID!){ token(id:$id){ whitelist { id } } }`, map[string]any{"id": out.CreateToken.Token.ID}, &tok)
		admin.MustDo(`mutation($id:ID!){ resendApprovalRequest(entryId:$id) }`, map[string]any{"id": tok.Token.Whitelist[0].ID}, &struct{}{})
		msgs := mailed(t, smtp, 2)
		fresh := links(t, msgs[1:])["owner@example.com"]
		if fresh == "" || fresh == old {
			t.Fatalf("the resend's link: %q (old %q)", fresh, old)
		}
		r := e.Client(t).Do(`mutation($l:String!){ decideApproval(link:$l, approve:true){ state } }`, map[string]any{"l": old})
		if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "newer link") {
			t.Fatalf("the old link after a resend: %+v", r.Errors)
		}
		var dec struct{ DecideApproval struct{ State string } }
		e.Client(t).MustDo(`mutation($l:String!){ decideApproval(link:$l, approve:true){ state } }`, map[string]any{"l": fresh}, &dec)
		if dec.DecideApproval.State != "APPROVED" {
			t.Fatalf("the new link: %+v", dec)
		}
	})
}
