package graph_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/mail/mailtest"
)

var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

type loginOut struct {
	Login struct {
		CodeRequired bool
		User         *struct{ Email string }
	}
}

// codeOf waits for the n-th email and returns the sign-in code it carries (the same in both parts).
func codeOf(t *testing.T, smtp *mailtest.Server, n int, to string) string {
	t.Helper()
	msgs := mailed(t, smtp, n)
	m := msgs[n-1]
	if m.Subject != "Your Keyward sign-in code" || len(m.To) != 1 || m.To[0] != to {
		t.Fatalf("email %d: %q to %v", n, m.Subject, m.To)
	}
	tc, hc := codeRE.FindStringSubmatch(m.Text), codeRE.FindStringSubmatch(m.HTML)
	if tc == nil || hc == nil || tc[1] != hc[1] {
		t.Fatalf("the code is not in both parts:\n%s\n%s", m.Text, m.HTML)
	}
	return tc[1]
}

func TestEmailSignInCode(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		e.CreateUser(t, admin, "sm@example.com", "Security Manager")
		var users struct {
			Users struct {
				Edges []struct{ Node struct{ ID, Email string } }
			}
		}
		admin.MustDo(`{ users { edges { node { id email } } } }`, nil, &users)
		smID := ""
		for _, u := range users.Users.Edges {
			if u.Node.Email == "sm@example.com" {
				smID = u.Node.ID
			}
		}
		var upd struct {
			UpdateUser struct{ LoginCodeRequired bool }
		}
		admin.MustDo(`mutation($id:ID!){ updateUser(id:$id, input:{loginCodeRequired:true}){ loginCodeRequired } }`, map[string]any{"id": smID}, &upd)
		if !upd.UpdateUser.LoginCodeRequired {
			t.Fatal("loginCodeRequired not set")
		}

		login := func(c *apptest.Client) loginOut {
			var out loginOut
			c.MustDo(`mutation($e:String!,$p:String!){ login(email:$e,password:$p){ codeRequired user { email } } }`,
				map[string]any{"e": "sm@example.com", "p": apptest.AdminPassword}, &out)
			return out
		}
		verify := func(c *apptest.Client, code string) *apptest.Response {
			return c.Do(`mutation($c:String!){ verifyLoginCode(code:$c){ codeRequired user { email } } }`, map[string]any{"c": code})
		}
		me := func(c *apptest.Client) string {
			var out struct{ Me *struct{ Email string } }
			c.MustDo(`{ me { email } }`, nil, &out)
			if out.Me == nil {
				return ""
			}
			return out.Me.Email
		}

		// The password alone does not sign in; a code goes by email.
		c := e.Client(t)
		if out := login(c); !out.Login.CodeRequired || out.Login.User != nil {
			t.Fatalf("login = %+v", out.Login)
		}
		if me(c) != "" {
			t.Fatal("signed in before the code")
		}
		code := codeOf(t, smtp, 1, "sm@example.com")
		if strings.Contains(e.LogText(), code) {
			t.Fatal("the code is in the server log")
		}
		var stored int
		if err := e.App.DB.NewRaw("SELECT count(*) FROM login_codes WHERE code_hash = ?", code).Scan(t.Context(), &stored); err != nil || stored != 0 {
			t.Fatalf("the code is stored in the clear (%d, %v)", stored, err)
		}

		// Bad input names the field; a wrong code counts down; the right one signs in once.
		if r := verify(c, "12ab"); r.Code() != "BAD_USER_INPUT" || r.Field() != "code" {
			t.Fatalf("malformed code: %+v", r.Errors)
		}
		wrong := "000000"
		if wrong == code {
			wrong = "111111"
		}
		if r := verify(c, wrong); r.Code() != "BAD_USER_INPUT" || r.Field() != "code" || !strings.Contains(r.Errors[0].Message, "4 attempts left") {
			t.Fatalf("wrong code: %+v", r.Errors)
		}
		if r := verify(e.Client(t), code); r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("the code worked in another session: %+v", r.Errors)
		}
		var ok struct{ VerifyLoginCode loginOut }
		verify(c, code[:3]+" "+code[3:]).Decode(t, &ok)
		if me(c) != "sm@example.com" {
			t.Fatal("the right code did not sign in")
		}
		c2 := e.Client(t)
		login(c2)
		code2 := codeOf(t, smtp, 2, "sm@example.com")
		if r := verify(c2, code); r.Code() != "BAD_USER_INPUT" && r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("a used code worked again: %+v", r.Errors)
		}

		// Expiry: 10 minutes.
		e.Clock.Add(11 * time.Minute)
		if r := verify(c2, code2); r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("an expired code worked: %+v", r.Errors)
		}

		// Five wrong codes end a code.
		c3 := e.Client(t)
		login(c3)
		code3 := codeOf(t, smtp, 3, "sm@example.com")
		bad := "999999"
		if bad == code3 {
			bad = "888888"
		}
		for i := range 5 {
			r := verify(c3, bad)
			if (i < 4 && r.Field() != "code") || (i == 4 && r.Code() != "UNAUTHENTICATED") {
				t.Fatalf("wrong code %d: %+v", i+1, r.Errors)
			}
		}
		if r := verify(c3, code3); r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("the code worked after 5 wrong ones: %+v", r.Errors)
		}

		// A few codes per 10 minutes at most: a known password cannot flood the mailbox.
		for range 4 {
			login(e.Client(t))
		}
		r := e.Client(t).Do(`mutation($e:String!,$p:String!){ login(email:$e,password:$p){ codeRequired } }`,
			map[string]any{"e": "sm@example.com", "p": apptest.AdminPassword})
		if r.Code() != "UNAUTHENTICATED" || !strings.Contains(r.Errors[0].Message, "Too many codes") {
			t.Fatalf("the sixth code in 10 minutes: %+v", r.Errors)
		}

		// The setting asks everybody; the admin too.
		var st struct {
			UpdateSettings struct{ LoginCodeRequired bool }
		}
		admin.MustDo(`mutation{ updateSettings(input:{loginCodeRequired:true}){ loginCodeRequired } }`, nil, &st)
		var aout loginOut
		e.Client(t).MustDo(`mutation($e:String!,$p:String!){ login(email:$e,password:$p){ codeRequired user { email } } }`,
			map[string]any{"e": "admin@example.com", "p": apptest.AdminPassword}, &aout)
		if !aout.Login.CodeRequired {
			t.Fatal("the setting did not ask the admin for a code")
		}

		var audit struct {
			AuditEvents struct {
				Edges []struct {
					Node struct{ Outcome, Details string }
				}
			}
		}
		admin.MustDo(`{ auditEvents(filter:{action:"user.login_code"}, first: 50){ edges { node { outcome details } } } }`, nil, &audit)
		var failures int
		for _, ev := range audit.AuditEvents.Edges {
			if ev.Node.Outcome == "FAILURE" {
				failures++
			}
			if strings.Contains(ev.Node.Details, code) {
				t.Fatal("a code is in the audit trail")
			}
		}
		// One wrong code, the used code tried against the next, five wrong ones.
		if failures != 7 {
			t.Fatalf("%d failed code audit events, want 7", failures)
		}
	})
}

func TestUserCreatedWithSignInCode(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		var out struct {
			CreateUser struct{ LoginCodeRequired bool }
		}
		admin.MustDo(`mutation($i:CreateUserInput!){ createUser(input:$i){ loginCodeRequired } }`, map[string]any{"i": map[string]any{
			"email": "ada@example.com", "name": "Ada", "password": apptest.AdminPassword, "roleId": admin.RoleID("Auditor"), "loginCodeRequired": true}}, &out)
		if !out.CreateUser.LoginCodeRequired {
			t.Fatal("the new user does not require a sign-in code")
		}
		var login loginOut
		e.Client(t).MustDo(`mutation($e:String!,$p:String!){ login(email:$e,password:$p){ codeRequired user { email } } }`,
			map[string]any{"e": "ada@example.com", "p": apptest.AdminPassword}, &login)
		if !login.Login.CodeRequired || login.Login.User != nil {
			t.Fatalf("login = %+v", login.Login)
		}
		codeOf(t, smtp, 1, "ada@example.com")
		var audit struct {
			AuditEvents struct {
				Edges []struct{ Node struct{ Details string } }
			}
		}
		admin.MustDo(`{ auditEvents(filter:{action:"user.create"}){ edges { node { details } } } }`, nil, &audit)
		if ev := audit.AuditEvents.Edges; len(ev) != 1 || !strings.Contains(ev[0].Node.Details, `"loginCodeRequired":true`) {
			t.Fatalf("user.create audit: %+v", ev)
		}
	})
}
