package graph_test

import (
	"testing"

	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/app/apptest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestSetupLoginLogout(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		anon := e.Client(t)
		var st struct{ SetupRequired bool }
		anon.MustDo(`{ setupRequired }`, nil, &st)
		if !st.SetupRequired {
			t.Fatal("setupRequired = false on an empty database")
		}
		admin := e.SetupAdmin(t)
		var me struct {
			Me *struct {
				Email string
				Role  struct{ Name string }
			}
		}
		admin.MustDo(`{ me { email role { name } } }`, nil, &me)
		if me.Me == nil || me.Me.Email != "admin@example.com" || me.Me.Role.Name != "Administrator" {
			t.Fatalf("me after setup = %+v", me.Me)
		}
		if r := anon.Do(`mutation{ setup(email:"x@example.com",name:"X",password:"another long password"){ id } }`, nil); r.Code() != "CONFLICT" {
			t.Fatalf("second setup: %+v", r.Errors)
		}

		c := e.Client(t)
		if r := c.Do(`mutation{ login(email:"admin@example.com",password:"wrong password!!"){ codeRequired } }`, nil); r.Code() != "UNAUTHENTICATED" || r.Errors[0].Message != "Invalid email or password." {
			t.Fatalf("wrong password: %+v", r.Errors)
		}
		if r := c.Do(`mutation{ login(email:"nobody@example.com",password:"wrong password!!"){ codeRequired } }`, nil); r.Errors[0].Message != "Invalid email or password." {
			t.Fatalf("unknown email: %+v", r.Errors)
		}
		c.MustDo(`{ me { id } }`, nil, &me) // creates no session for an anonymous caller
		before := c.Cookie("keyward_session")
		var login struct {
			Login struct {
				CodeRequired bool
				User         struct{ Email string }
			}
		}
		c.MustDo(`mutation($p:String!){ login(email:"ADMIN@example.com",password:$p){ codeRequired user { email } } }`, map[string]any{"p": apptest.AdminPassword}, &login)
		after := c.Cookie("keyward_session")
		if after == "" || after == before || login.Login.User.Email != "admin@example.com" {
			t.Fatalf("login: cookie %q -> %q, %+v", before, after, login)
		}
		var out struct{ Logout bool }
		c.MustDo(`mutation{ logout }`, nil, &out)
		c.MustDo(`{ me { email } }`, nil, &me)
		if me.Me != nil {
			t.Fatal("still signed in after logout")
		}
		// The old session id is dead even if replayed.
		replay := e.Client(t)
		replay.Header.Set("Cookie", "keyward_session="+after)
		replay.MustDo(`{ me { email } }`, nil, &me)
		if me.Me != nil {
			t.Fatal("a logged-out session id still works")
		}
	})
}
