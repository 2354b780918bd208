package web_test

import (
	"strings"
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
)

// Postgres drops every connection (a restart, a failover): the very next requests, signed in
// or signing in, succeed on fresh connections, with no error and nothing in plain text.
func TestRequestsRightAfterTheDatabaseDropsItsConnections(t *testing.T) {
	e := apptest.New(t, db.Postgres)
	admin := e.SetupAdmin(t)
	drop := func() {
		t.Helper()
		if _, err := e.App.DB.ExecContext(t.Context(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"); err != nil {
			t.Fatal(err)
		}
	}
	for round := 0; round < 5; round++ {
		// Use the pooled connections, then lose them all while they sit idle.
		admin.Do(`{ me { email } tokens { totalCount } }`, nil)
		drop()
		r := admin.Do(`{ me { email } tokens { totalCount } users { totalCount } }`, nil)
		if r.Status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), "admin@example.com") {
			t.Fatalf("round %d, signed in: %d %+v %s", round, r.Status, r.Errors, r.Data)
		}
		var created struct{ CreateToken struct{ Secret string } }
		admin.Do(`{ me { email } }`, nil)
		drop()
		admin.MustDo(`mutation($n:String!){ createToken(input:{name:$n, roleId:"4"}){ secret } }`, map[string]any{"n": "after drop " + string(rune('a'+round))}, &created)
		admin.Do(`{ me { email } }`, nil)
		drop()
		c := e.Client(t)
		var login struct {
			Login struct{ User struct{ Email string } }
		}
		c.MustDo(`mutation($p:String!){ login(email:"admin@example.com", password:$p){ user { email } } }`, map[string]any{"p": apptest.AdminPassword}, &login)
	}
	for _, line := range strings.Split(e.LogText(), "\n") {
		if strings.Contains(line, "level=ERROR") && !strings.Contains(line, "component=jobs") && !strings.Contains(line, "river") {
			t.Errorf("an error was logged: %s", line)
		}
	}
}
