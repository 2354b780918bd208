package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/keyward/keyward/client"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/app/apptest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// revocationBound is how soon a resource server on the client must refuse a token revoked
// in Keyward.
const revocationBound = time.Second

// keyward is a real Keyward with what a resource server needs: a customers module, a
// resource server's token (tokens:verify) and callers' tokens.
type keyward struct {
	*apptest.Env
	admin   *apptest.Client
	gateway string
}

func startKeyward(t *testing.T, d db.Dialect) *keyward {
	e := apptest.New(t, d)
	// Access tokens are checked offline against the real time: the clock starts now.
	e.Clock.Set(time.Now())
	admin := e.SetupAdmin(t)
	admin.MustDo(`mutation{ createModule(input:{key:"customers", name:"Customers", actions:["read"]}){ key } }`, nil, &struct{}{})
	admin.MustDo(`mutation{ createRole(input:{name:"Resource server", permissions:["tokens:verify"]}){ id } }`, nil, &struct{}{})
	admin.MustDo(`mutation{ createRole(input:{name:"Customer reader", permissions:["customers:read"]}){ id } }`, nil, &struct{}{})
	k := &keyward{Env: e, admin: admin}
	k.gateway, _ = k.token(t, "Resource server", "Resource server")
	return k
}

// token creates a token of role and returns its secret and id.
func (k *keyward) token(t *testing.T, name, role string) (secret, id string) {
	t.Helper()
	var out struct {
		CreateToken struct {
			Secret string
			Token  struct{ ID string }
		}
	}
	k.admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }`,
		map[string]any{"i": map[string]any{"name": name, "roleId": k.admin.RoleID(role)}}, &out)
	return out.CreateToken.Secret, out.CreateToken.Token.ID
}

func (k *keyward) revoke(t *testing.T, id string) {
	t.Helper()
	k.admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": id}, &struct{}{})
}

// resourceServer runs the command's server against base until the test ends.
func resourceServer(t *testing.T, k *keyward, base string) (*httptest.Server, *client.Client) {
	t.Helper()
	h, kw, err := newServer(base, k.gateway, k.App.Config.BaseURL.String(), "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); _ = kw.Close() })
	waitFor(t, "the events stream", func() bool { return kw.Stats().StreamConnected })
	return srv, kw
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10 s", what)
		}
	}
}

// get calls GET /customers/1 with token (as X-Auth-Token, or Bearer for a JWT).
func get(t *testing.T, srv *httptest.Server, header, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/customers/1", nil)
	req.Header.Set(header, token)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

const unauthorized = `{"error":"unauthorized","message":"invalid or expired token"}` + "\n"

// refusedWithin revokes through revoke and measures how soon the resource server refuses
// token with Keyward's 401.
func refusedWithin(t *testing.T, srv *httptest.Server, header, token string, revoke func()) time.Duration {
	t.Helper()
	start := time.Now()
	revoke()
	for {
		code, body := get(t, srv, header, token)
		if code == 401 {
			if body != unauthorized {
				t.Fatalf("refused with %q", body)
			}
			return time.Since(start)
		}
		if code != 200 {
			t.Fatalf("answered %d %s", code, body)
		}
		if time.Since(start) > 5*time.Second {
			t.Fatal("still served 5 s after the revocation")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A resource server built on the client serves cached verdicts, and refuses a token revoked
// in Keyward within a second: through the same Keyward, and (on Postgres) through another
// replica than the one it follows.
func TestRevokedTokenRefusedWithinASecond(t *testing.T) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(d), func(t *testing.T) {
			k := startKeyward(t, d)
			srv, kw := resourceServer(t, k, k.Server.URL)
			caller, callerID := k.token(t, "Partner app", "Customer reader")
			if code, body := get(t, srv, "X-Auth-Token", caller); code != 200 || body != customer {
				t.Fatalf("first call: %d %s", code, body)
			}
			online := kw.Stats().OnlineVerifies
			for range 20 {
				if code, _ := get(t, srv, "X-Auth-Token", caller); code != 200 {
					t.Fatalf("cached call: %d", code)
				}
			}
			if s := kw.Stats(); s.OnlineVerifies != online || s.Hits < 20 {
				t.Fatalf("cached calls asked Keyward: %+v", s)
			}
			// Keyward's own bodies for the refusals.
			reader, _ := k.token(t, "Reporting", "Auditor")
			if code, body := get(t, srv, "X-Auth-Token", reader); code != 403 ||
				body != `{"error":"forbidden","message":"Insufficient permissions to access this resource","role":"Auditor"}`+"\n" {
				t.Fatalf("without customers:read: %d %s", code, body)
			}
			if code, body := get(t, srv, "X-Auth-Token", "kw_nonsense"); code != 401 || body != unauthorized {
				t.Fatalf("malformed: %d %s", code, body)
			}

			lag := refusedWithin(t, srv, "X-Auth-Token", caller, func() { k.revoke(t, callerID) })
			t.Logf("refused %v after the revocation", lag)
			if lag > revocationBound {
				t.Fatalf("refused only %v after the revocation", lag)
			}

			if d != db.Postgres {
				return
			}
			// Two replicas: the resource server follows one, the revocation is made on the other.
			other := k.Replica(t)
			waitFor(t, "the replica's event stream", func() bool {
				res, err := http.Get(other.Server.URL + "/readyz")
				if err == nil {
					res.Body.Close()
				}
				return err == nil && res.StatusCode == 200
			})
			srv2, _ := resourceServer(t, k, other.Server.URL)
			second, secondID := k.token(t, "Second app", "Customer reader")
			if code, _ := get(t, srv2, "X-Auth-Token", second); code != 200 {
				t.Fatalf("through the replica: %d", code)
			}
			lag = refusedWithin(t, srv2, "X-Auth-Token", second, func() { k.revoke(t, secondID) })
			t.Logf("across replicas: refused %v after the revocation", lag)
			if lag > revocationBound {
				t.Fatalf("across replicas: refused only %v after the revocation", lag)
			}
		})
	}
}

// While Keyward restarts, the resource server keeps serving the tokens it has verified and
// answers 503 for those it has not; once Keyward is back, it follows the stream again and
// refuses a revoked token within a second.
func TestServesFromCacheWhileKeywardRestarts(t *testing.T) {
	k := startKeyward(t, db.SQLite)
	srv, kw := resourceServer(t, k, k.Server.URL)
	known, knownID := k.token(t, "Known", "Customer reader")
	unseen, _ := k.token(t, "Not seen yet", "Customer reader")
	if code, _ := get(t, srv, "X-Auth-Token", known); code != 200 {
		t.Fatalf("before: %d", code)
	}
	k.RestartAfter(t, func() {
		waitFor(t, "the stream's loss", func() bool { return !kw.Stats().StreamConnected })
		stale := kw.Stats().StaleServed
		for range 5 {
			if code, body := get(t, srv, "X-Auth-Token", known); code != 200 || body != customer {
				t.Fatalf("while Keyward is down, a verified token: %d %s", code, body)
			}
		}
		if s := kw.Stats(); s.StaleServed < stale+5 {
			t.Fatalf("not served from cache: %+v", s)
		}
		if code, body := get(t, srv, "X-Auth-Token", unseen); code != 503 {
			t.Fatalf("while Keyward is down, an unverified token: %d %s", code, body)
		}
	})
	waitFor(t, "the stream again", func() bool { return kw.Stats().StreamConnected })
	k.admin = k.SignIn(t, "admin@example.com")
	lag := refusedWithin(t, srv, "X-Auth-Token", known, func() { k.revoke(t, knownID) })
	if lag > revocationBound {
		t.Fatalf("after the restart: refused only %v after the revocation", lag)
	}
}

// An API sign-in's access token is checked offline with Keyward's keys, and refused within
// a second once its sign-in ends.
func TestAccessTokenRefusedWithinASecondOfSignOut(t *testing.T) {
	k := startKeyward(t, db.SQLite)
	srv, kw := resourceServer(t, k, k.Server.URL)
	// Issued after the client's stream connected (a token older than that is verified
	// online: it may predate a change the stream did not tell).
	time.Sleep(1100 * time.Millisecond)
	k.Clock.Set(time.Now())
	r := k.Call(t, "PUT", "/api/v1/auth/login", nil, `{"email":"admin@example.com","currentPassword":"`+apptest.AdminPassword+`"}`)
	access, _ := r.Body["access_token"].(string)
	if r.Status != 200 || access == "" {
		t.Fatalf("login: %d %s", r.Status, r.Raw)
	}
	for range 3 {
		if code, body := get(t, srv, "Authorization", "Bearer "+access); code != 200 {
			t.Fatalf("access token: %d %s", code, body)
		}
	}
	if s := kw.Stats(); s.OfflineVerifies == 0 {
		t.Fatalf("the access token was not checked offline: %+v", s)
	}
	lag := refusedWithin(t, srv, "Authorization", "Bearer "+access, func() {
		if r := k.Call(t, "POST", "/api/v1/auth/logout", map[string]string{"Authorization": "Bearer " + access}, ""); r.Status != 204 {
			t.Fatalf("logout: %d %s", r.Status, r.Raw)
		}
	})
	if lag > revocationBound {
		t.Fatalf("refused only %v after the sign-out", lag)
	}
}
