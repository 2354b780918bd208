package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/app/apptest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const meQuery = `{ me { email } }`

type meResult struct {
	Me *struct{ Email string }
}

func signedIn(t *testing.T, c *apptest.Client) bool {
	t.Helper()
	var out meResult
	c.MustDo(meQuery, nil, &out)
	return out.Me != nil
}

// A session active every 20 minutes lasts until it has been idle for 30 minutes, and never
// past 12 hours from sign-in.
func TestSessionLifetime(t *testing.T) {
	for _, c := range []struct {
		name   string
		active time.Duration // of requests every 20 minutes, each still signed in
		idle   time.Duration // then, after which the session is over
	}{
		{"idle timeout", 80 * time.Minute, 31 * time.Minute},
		{"absolute lifetime", 12*time.Hour - 20*time.Minute, 20 * time.Minute},
	} {
		t.Run(c.name, func(t *testing.T) {
			apptest.Each(t, func(t *testing.T, e *apptest.Env) {
				admin := e.SetupAdmin(t)
				for elapsed := 20 * time.Minute; elapsed <= c.active; elapsed += 20 * time.Minute {
					e.Clock.Add(20 * time.Minute)
					if !signedIn(t, admin) {
						t.Fatalf("active every 20 minutes, signed out after %v", elapsed)
					}
				}
				e.Clock.Add(c.idle)
				if signedIn(t, admin) {
					t.Fatalf("still signed in %v after the last request, %v after sign-in", c.idle, c.active+c.idle)
				}
			})
		})
	}
}

func TestSessionRenewedOnOwnPrivilegeChange(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		before := admin.Cookie("keyward_session")
		var out struct{ ChangePassword bool }
		admin.MustDo(`mutation($c:String!){ changePassword(currentPassword:$c, newPassword:"an even longer new password") }`, map[string]any{"c": apptest.AdminPassword}, &out)
		after := admin.Cookie("keyward_session")
		if after == "" || after == before {
			t.Fatal("the session id was not renewed after a password change")
		}
		if !signedIn(t, admin) {
			t.Fatal("the renewed session does not work")
		}
		old := e.Client(t)
		old.Header.Set("Cookie", "keyward_session="+before)
		if signedIn(t, old) {
			t.Fatal("the old session id still works")
		}
	})
}

func TestDisabledUserIsSignedOutAtOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		user := e.CreateUser(t, admin, "auditor@example.com", "Auditor")
		var users struct {
			Users struct {
				Edges []struct{ Node struct{ ID, Email string } }
			}
		}
		admin.MustDo(`{ users { edges { node { id email } } } }`, nil, &users)
		var id string
		for _, ed := range users.Users.Edges {
			if ed.Node.Email == "auditor@example.com" {
				id = ed.Node.ID
			}
		}
		admin.MustDo(`mutation($id:ID!){ updateUser(id:$id, input:{active:false}){ id } }`, map[string]any{"id": id}, &struct{}{})
		if signedIn(t, user) {
			t.Fatal("a disabled user is still signed in")
		}
	})
}

func TestCookieAttributes(t *testing.T) {
	for _, c := range []struct {
		base   string
		secure bool
	}{{"http://localhost:8080", false}, {"https://keyward.example.com", true}} {
		t.Run(c.base, func(t *testing.T) {
			e := apptest.New(t, db.SQLite, apptest.WithBaseURL(c.base))
			body := `{"query":"mutation{ setup(email:\"a@example.com\",name:\"A\",password:\"a long enough password\"){ id } }"}`
			req, _ := http.NewRequest("POST", e.Server.URL+"/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			var ck *http.Cookie
			for _, k := range res.Cookies() {
				if k.Name == "keyward_session" {
					ck = k
				}
			}
			if ck == nil {
				t.Fatal("no session cookie after setup")
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != c.secure || ck.Path != "/" {
				t.Fatalf("cookie %+v", ck)
			}
		})
	}
}

func TestCrossOriginRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		op := `{"query":"mutation{ createRole(input:{name:\"Evil\",permissions:[]}){ id } }"}`
		send := func(hdr map[string]string, ctype string) int {
			req, _ := http.NewRequest("POST", e.Server.URL+"/graphql", strings.NewReader(op))
			req.Header.Set("Content-Type", ctype)
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			res, err := admin.HTTP.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if s := send(map[string]string{"Sec-Fetch-Site": "cross-site"}, "application/json"); s != http.StatusForbidden {
			t.Errorf("cross-site: %d", s)
		}
		if s := send(map[string]string{"Origin": "https://evil.example"}, "application/json"); s != http.StatusForbidden {
			t.Errorf("foreign origin: %d", s)
		}
		if s := send(nil, "text/plain"); s == http.StatusOK {
			t.Errorf("text/plain accepted")
		}
		if s := send(nil, "application/x-www-form-urlencoded"); s == http.StatusOK {
			t.Errorf("form accepted")
		}
		res, err := admin.HTTP.Get(e.Server.URL + "/graphql?query=" + "mutation%7BcreateRole(input%3A%7Bname%3A%22Evil%22%2Cpermissions%3A%5B%5D%7D)%7Bid%7D%7D")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			t.Errorf("GET with a mutation answered 200")
		}
		var roles struct{ Roles []struct{ Name string } }
		admin.MustDo(`{ roles { name } }`, nil, &roles)
		for _, r := range roles.Roles {
			if r.Name == "Evil" {
				t.Fatal("a refused request created a role")
			}
		}
		if s := send(map[string]string{"Sec-Fetch-Site": "same-origin"}, "application/json"); s != http.StatusOK {
			t.Errorf("same-origin: %d", s)
		}
	})
}

func TestSPAAndHealth(t *testing.T) {
	spa := fstest.MapFS{
		"index.html":    {Data: []byte("<!doctype html><title>Keyward</title>")},
		"assets/app.js": {Data: []byte("console.log(1)")},
	}
	e := apptest.New(t, db.SQLite, apptest.WithSPA(spa))
	get := func(path string) (*http.Response, string) {
		res, err := http.Get(e.Server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b := new(strings.Builder)
		_, _ = io.Copy(b, res.Body)
		return res, b.String()
	}
	for _, p := range []string{"/", "/users", "/roles/42", "/approve/abc"} {
		res, body := get(p)
		if res.StatusCode != 200 || !strings.Contains(body, "<title>Keyward</title>") || res.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: %d %q %q", p, res.StatusCode, res.Header.Get("Cache-Control"), body)
		}
		if res.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: security headers missing: %v", p, res.Header)
		}
	}
	if res, _ := get("/assets/app.js"); res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("asset: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res, _ := get("/assets/missing.js"); res.StatusCode != 404 {
		t.Errorf("missing asset: %d", res.StatusCode)
	}
	if res, body := get("/api/nothing"); res.StatusCode != 404 || !strings.Contains(body, `"error":"not_found"`) {
		t.Errorf("/api/nothing: %d %s", res.StatusCode, body)
	}
	if res, body := get("/healthz"); res.StatusCode != 200 || !strings.Contains(body, "ok") {
		t.Errorf("healthz: %d %s", res.StatusCode, body)
	}
	if res, _ := get("/readyz"); res.StatusCode != 200 {
		t.Errorf("readyz: %d", res.StatusCode)
	}
	res, err := http.Post(e.Server.URL+"/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", res.StatusCode)
	}
	e.App.DB.Close()
	if res, _ := get("/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database closed: %d", res.StatusCode)
	}
}
