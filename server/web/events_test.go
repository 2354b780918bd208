package web_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app/apptest"
)

// sse is one event of GET /api/v1/events.
type sse struct{ Event, Data string }

// stream follows GET /api/v1/events with the given token until the test ends; the events
// arrive on the channel, which is closed when the stream ends.
func stream(t *testing.T, e *apptest.Env, token string) (*http.Response, <-chan sse) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", e.Server.URL+"/api/v1/events", nil)
	req.Header.Set("X-Auth-Token", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan sse, 100)
	go func() {
		defer close(out)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		var ev sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				out <- ev
				ev = sse{}
			case strings.HasPrefix(line, "event: "):
				ev.Event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.Data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return res, out
}

// read returns the next event whose kind is not among skip, or ok false once the stream has
// ended; it fails with late if neither comes within 5 seconds.
func read(t *testing.T, events <-chan sse, late string, skip ...string) (ev sse, ok bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-events:
			if !ok || !slices.Contains(skip, ev.Event) {
				return ev, ok
			}
		case <-deadline:
			t.Fatal(late)
		}
	}
}

// next returns the next event other than a heartbeat, failing after a few seconds.
func next(t *testing.T, events <-chan sse) sse {
	t.Helper()
	ev, ok := read(t, events, "no event within 5 s", "heartbeat")
	if !ok {
		t.Fatal("the stream ended")
	}
	return ev
}

// ended waits for the stream to end.
func ended(t *testing.T, events <-chan sse) {
	t.Helper()
	if ev, ok := read(t, events, "the stream did not end within 5 s", "heartbeat", "invalidate", "flush"); ok {
		t.Fatalf("unexpected event %+v", ev)
	}
}

// verifiedID is the token id that verify answers for secret (what the stream names).
func verifiedID(t *testing.T, e *apptest.Env, verifier, secret string) string {
	t.Helper()
	r := call(t, e, "POST", "/api/v1/verify", map[string]string{"X-Auth-Token": verifier}, `{"token":"`+secret+`"}`)
	if r.Status != 200 || r.Body["valid"] != true {
		t.Fatalf("verify: %d %s", r.Status, r.Raw)
	}
	return r.Body["token"].(map[string]any)["id"].(string)
}

func TestEventsStream(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		admin.MustDo(`mutation{ createRole(input:{name:"Resource server", permissions:["tokens:verify"]}){ id } }`, nil, &struct{}{})
		verifier := createToken(t, admin, "Gateway", "Resource server", nil).CreateToken.Secret
		auditor := createToken(t, admin, "Reader", "Auditor", nil).CreateToken.Secret

		// Only holders of tokens:verify may follow, with the machine API's own refusals.
		if r := call(t, e, "GET", "/api/v1/events", nil, ""); r.Status != 401 || r.Body["error"] != "unauthorized" {
			t.Fatalf("no token: %d %s", r.Status, r.Raw)
		}
		if r := call(t, e, "GET", "/api/v1/events", map[string]string{"X-Auth-Token": auditor}, ""); r.Status != 403 || r.Body["role"] != "Auditor" {
			t.Fatalf("without tokens:verify: %d %s", r.Status, r.Raw)
		}

		res, events := stream(t, e, verifier)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("stream: %d %v", res.StatusCode, res.Header)
		}
		if ev := next(t, events); ev.Event != "ready" || ev.Data != `{"heartbeat":1000}` {
			t.Fatalf("first event %+v", ev)
		}
		if _, text := scrape(t, e); metric(t, text, "keyward_event_followers") != 1 {
			t.Fatalf("followers:\n%s", text)
		}
		// Heartbeats come every second.
		select {
		case ev := <-events:
			if ev.Event != "heartbeat" || ev.Data != "{}" {
				t.Fatalf("expected a heartbeat, got %+v", ev)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("no heartbeat within 3 s")
		}

		// A revocation names the token as verify does.
		target := createToken(t, admin, "Partner script", "Auditor", nil)
		id := verifiedID(t, e, verifier, target.CreateToken.Secret)
		admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": target.CreateToken.Token.ID}, &struct{}{})
		if ev := next(t, events); ev.Event != "invalidate" || ev.Data != `{"tokens":["`+id+`"]}` {
			t.Fatalf("after revoke: %+v", ev)
		}

		// A role's permissions changing: forget everything. The follower's own role changed,
		// but still holds tokens:verify: its stream goes on.
		admin.MustDo(`mutation($id:ID!){ updateRole(id:$id, input:{name:"Resource server", permissions:["tokens:verify","audit:read"]}){ id } }`,
			map[string]any{"id": admin.RoleID("Resource server")}, &struct{}{})
		if ev := next(t, events); ev.Event != "flush" || ev.Data != "{}" {
			t.Fatalf("after a role change: %+v", ev)
		}

		// A token reaching its expiry is named within a moment.
		exp := e.Clock.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
		soon := createToken(t, admin, "Short-lived", "Auditor", map[string]any{"expiresAt": exp})
		soonID := verifiedID(t, e, verifier, soon.CreateToken.Secret)
		e.Clock.Add(3 * time.Hour)
		if ev := next(t, events); ev.Event != "invalidate" || ev.Data != `{"tokens":["`+soonID+`"]}` {
			t.Fatalf("after expiry: %+v", ev)
		}
		admin = e.SignIn(t, "admin@example.com") // the session idled out meanwhile

		// An API sign-in's end names the sign-in (the sid claim of its access tokens).
		r := call(t, e, "PUT", "/api/v1/auth/login", nil, `{"email":"admin@example.com","currentPassword":"`+apptest.AdminPassword+`"}`)
		if r.Status != 200 {
			t.Fatalf("login: %d %s", r.Status, r.Raw)
		}
		access := r.Body["access_token"].(string)
		if r := call(t, e, "POST", "/api/v1/auth/logout", map[string]string{"Authorization": "Bearer " + access}, ""); r.Status != 204 {
			t.Fatalf("logout: %d %s", r.Status, r.Raw)
		}
		if ev := next(t, events); ev.Event != "invalidate" || ev.Data != `{"signIns":["`+sidOf(t, access)+`"]}` {
			t.Fatalf("after logout: %+v", ev)
		}

		// The follower's own token revoked: its stream ends.
		var gw struct {
			Tokens struct {
				Edges []struct{ Node struct{ ID, Name string } }
			}
		}
		admin.MustDo(`{ tokens(first:50){ edges { node { id name } } } }`, nil, &gw)
		for _, ed := range gw.Tokens.Edges {
			if ed.Node.Name == "Gateway" {
				admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": ed.Node.ID}, &struct{}{})
			}
		}
		ended(t, events)
	})
}

// sidOf reads the sid claim of an access token.
func sidOf(t *testing.T, jwt string) string {
	t.Helper()
	parts := strings.Split(jwt, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c struct{ Sid string }
	if err := json.Unmarshal(raw, &c); err != nil || c.Sid == "" {
		t.Fatalf("claims %s: %v", raw, err)
	}
	return c.Sid
}

// A change made on one replica reaches the streams of another, through the database's
// notifications; a replica that stops hearing them lets its followers go.
func TestEventsAcrossReplicas(t *testing.T) {
	e := apptest.New(t, db.Postgres)
	other := e.Replica(t)
	admin := e.SetupAdmin(t)
	admin.MustDo(`mutation{ createRole(input:{name:"Resource server", permissions:["tokens:verify"]}){ id } }`, nil, &struct{}{})
	verifier := createToken(t, admin, "Gateway", "Resource server", nil).CreateToken.Secret
	target := createToken(t, admin, "Partner script", "Auditor", nil)
	id := verifiedID(t, e, verifier, target.CreateToken.Secret)

	// The replica listens for the others' changes shortly after starting.
	var events <-chan sse
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, evs := stream(t, other, verifier)
		if res.StatusCode == 200 {
			events = evs
			break
		}
		if res.StatusCode != 503 || res.Header.Get("Retry-After") != "1" || time.Now().After(deadline) {
			t.Fatalf("stream on the replica: %d", res.StatusCode)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if ev := next(t, events); ev.Event != "ready" {
		t.Fatalf("first event %+v", ev)
	}
	admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": target.CreateToken.Token.ID}, &struct{}{})
	if ev := next(t, events); ev.Event != "invalidate" || ev.Data != `{"tokens":["`+id+`"]}` {
		t.Fatalf("on the replica after revoke: %+v", ev)
	}

	// The replica's listening connection dropped: its followers are let go.
	if _, err := other.App.DB.ExecContext(t.Context(),
		`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid() AND datname = current_database()`); err != nil {
		t.Fatal(err)
	}
	ended(t, events)
}

// The stream outlives the server's read and write timeouts (main.go sets 30 s and 60 s), which
// would otherwise end it and make every follower reconnect and forget its cache.
func TestEventsOutliveServerTimeouts(t *testing.T) {
	e := apptest.New(t, db.SQLite)
	admin := e.SetupAdmin(t)
	admin.MustDo(`mutation{ createRole(input:{name:"Resource server", permissions:["tokens:verify"]}){ id } }`, nil, &struct{}{})
	verifier := createToken(t, admin, "Gateway", "Resource server", nil).CreateToken.Secret
	srv := httptest.NewUnstartedServer(e.App.Handler)
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = time.Second, time.Second
	srv.Start()
	t.Cleanup(func() { e.App.Tokens.Cache().Feed().Close(); srv.Close() })

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/events", nil)
	req.Header.Set("X-Auth-Token", verifier)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("stream: %v %v", res, err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	deadline := time.Now().Add(3500 * time.Millisecond)
	beats := 0
	for time.Now().Before(deadline) && sc.Scan() {
		if sc.Text() == "event: heartbeat" {
			beats++
		}
	}
	if beats < 3 {
		t.Fatalf("the stream ended after %d heartbeats: %v", beats, sc.Err())
	}
}
