package client

import (
	"crypto/ed25519"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A token signed by Keyward's own code (go-jose, as server/signin signs them) with the
// Ed25519 key of seed 0, 1, …, 31, and its JWKS key.
const (
	keywardJWT = "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYwMTAxLWFiY2RlZmdoIiwidHlwIjoiSldUIn0." +
		"eyJlbWFpbCI6ImFAZXhhbXBsZS5jb20iLCJleHAiOjE3ODAzMTg4MDAsImlhdCI6MTc4MDMxNTIwMCwiaXNzIjoiaHR0cHM6Ly9rZXl3YXJkLmV4YW1wbGUuY29tIiwianRpIjoianRpLWFiYyIsInBlcm1pc3Npb25zIjpbImNsaWVudHM6cmVhZCIsInRyYW5zYWN0aW9uczpyZWFkOm93biJdLCJyb2xlIjoiQUdFTlQiLCJzaWQiOiI3Iiwic3ViIjoiNDIiLCJ0ZW5hbnRfaWQiOiIzIn0." +
		"BLFOzApmxx9gPYBTmw_kmiV4YqyN7VPRcVP6AAA_3MCvCjw3jhzG2yLNEuVIsdfj1gUUIYzQHZ-K87Q1dcp8Bg"
	keywardKID = "20260101-abcdefgh"
)

func TestJWTSignedByKeyward(t *testing.T) {
	f := newFake(t)
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(i)
	}
	f.keys[keywardKID] = ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	clk := newClock(time.Date(2026, 6, 1, 11, 59, 0, 0, time.UTC)) // the stream is ready before the token is issued
	c := connected(t, f, func(cfg *Config) { cfg.clock = clk.Now; cfg.Issuer = "https://keyward.example.com/" })
	clk.Add(90 * time.Second)
	c.healthyUntil.Store(clk.Now().Add(time.Minute).UnixNano())
	var got *Verdict
	h := c.Require("transactions:read", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got, _ = FromContext(r.Context()) }))
	if w := get(h, "203.0.113.45", "Authorization", "Bearer "+keywardJWT); w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if f.verifies.Load() != 0 || c.Stats().OfflineVerifies != 1 {
		t.Fatalf("not verified offline: %+v", c.Stats())
	}
	exp := time.Date(2026, 6, 1, 13, 0, 0, 0, time.UTC)
	if !got.Valid || got.Token.ID != "jti-abc" || got.Token.Name != "API sign-in" || got.Token.Hint != "eyJh…p8Bg" ||
		got.Role != (Role{Name: "AGENT"}) || got.User == nil || *got.User != (User{"42", "a@example.com"}) ||
		got.TenantID != "3" || got.Subject != (Subject{UserID: "42", TenantID: "3"}) || got.Scope != "own" ||
		got.ExpiresAt == nil || !got.ExpiresAt.Equal(exp) || got.sid != "7" {
		t.Fatalf("verdict %+v", got)
	}
}

// jwtSetup is a client whose stream is live on a test clock, with Keyward's key k1.
func jwtSetup(t *testing.T) (*fake, *Client, *testClock, signer, time.Time) {
	f := newFake(t)
	s := newSigner(t, f, "k1")
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clk := newClock(t0)
	c := connected(t, f, func(cfg *Config) { cfg.clock = clk.Now })
	clk.Add(2 * time.Second)
	c.healthyUntil.Store(clk.Now().Add(time.Hour).UnixNano())
	return f, c, clk, s, t0.Add(time.Second)
}

func TestJWTOffline(t *testing.T) {
	f, c, _, s, iat := jwtSetup(t)
	h := c.Require("transactions:read", ok)
	raw := s.sign(nil, claims(f.srv.URL, iat))
	for range 3 {
		if w := get(h, "203.0.113.45", "X-Auth-Token", raw); w.Code != 200 || w.Body.String() != "ok own" {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	}
	if w := get(c.Require("clients:read", ok), "203.0.113.45", "X-Auth-Token", raw); w.Code != 403 ||
		w.Body.String() != `{"error":"forbidden","message":"Insufficient permissions to access this resource","role":"CUSTOMER"}`+"\n" {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if st := c.Stats(); f.verifies.Load() != 0 || st.OfflineVerifies != 1 || st.Hits != 3 || f.jwksFetches.Load() != 1 {
		t.Fatalf("verifies %d jwks %d stats %+v", f.verifies.Load(), f.jwksFetches.Load(), st)
	}
}

func TestJWTRefused(t *testing.T) {
	f, c, _, s, iat := jwtSetup(t)
	stranger := newSigner(t, nil, "k1") // the right kid, another key
	cl := func(edit func(map[string]any)) map[string]any {
		m := claims(f.srv.URL, iat)
		if edit != nil {
			edit(m)
		}
		return m
	}
	good := s.sign(nil, cl(nil))
	parts := strings.Split(good, ".")
	cases := []struct{ name, raw string }{
		{"alg none", s.sign(map[string]any{"alg": "none", "kid": "k1", "typ": "JWT"}, cl(nil))},
		{"alg none, no signature", strings.Join([]string{b64.EncodeToString([]byte(`{"alg":"none","kid":"k1"}`)), parts[1], ""}, ".")},
		{"alg HS256", s.sign(map[string]any{"alg": "HS256", "kid": "k1", "typ": "JWT"}, cl(nil))},
		{"alg RS256", s.sign(map[string]any{"alg": "RS256", "kid": "k1", "typ": "JWT"}, cl(nil))},
		{"alg in another case", s.sign(map[string]any{"alg": "eddsa", "kid": "k1", "typ": "JWT"}, cl(nil))},
		{"no kid", s.sign(map[string]any{"alg": "EdDSA", "typ": "JWT"}, cl(nil))},
		{"critical extension", s.sign(map[string]any{"alg": "EdDSA", "kid": "k1", "crit": []string{"exp"}}, cl(nil))},
		{"another type", s.sign(map[string]any{"alg": "EdDSA", "kid": "k1", "typ": "at+jwt"}, cl(nil))},
		{"another key", stranger.sign(nil, cl(nil))},
		{"payload changed", parts[0] + "." + b64.EncodeToString([]byte(`{"iss":"`+f.srv.URL+`","sub":"1","jti":"j","exp":9999999999,"iat":`+"1780315201"+`,"sid":"9","permissions":["*"]}`)) + "." + parts[2]},
		{"signature cut", parts[0] + "." + parts[1] + "." + parts[2][:20]},
		{"garbage header", "eyJ!!!." + parts[1] + "." + parts[2]},
		{"wrong issuer", s.sign(nil, cl(func(m map[string]any) { m["iss"] = "https://elsewhere.example.com" }))},
		{"expired", s.sign(nil, cl(func(m map[string]any) { m["exp"] = iat.Add(-time.Minute).Unix() }))},
		{"no expiry", s.sign(nil, cl(func(m map[string]any) { delete(m, "exp") }))},
		{"not yet valid", s.sign(nil, cl(func(m map[string]any) { m["nbf"] = iat.Add(time.Hour).Unix() }))},
		{"no jti", s.sign(nil, cl(func(m map[string]any) { delete(m, "jti") }))},
	}
	h := c.Require("", ok)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if w := get(h, "203.0.113.45", "X-Auth-Token", tc.raw); w.Code != 401 || w.Body.String() != wantUnauthorized {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
			if n := f.verifies.Load(); n != 0 {
				t.Fatalf("Keyward asked (%d)", n)
			}
		})
	}
	if w := get(h, "203.0.113.45", "X-Auth-Token", good); w.Code != 200 {
		t.Fatalf("the good one: %d %s", w.Code, w.Body)
	}
}

func TestJWTUnknownKid(t *testing.T) {
	f, c, clk, s, iat := jwtSetup(t)
	h := c.Require("", ok)
	get(h, "203.0.113.45", "X-Auth-Token", s.sign(nil, claims(f.srv.URL, iat))) // fetches the JWKS
	if n := f.jwksFetches.Load(); n != 1 {
		t.Fatalf("fetched %d", n)
	}
	// A key made since: fetched again (once the gap since the last fetch has passed), and used.
	clk.Add(6 * time.Second)
	k2 := newSigner(t, f, "k2")
	if w := get(h, "203.0.113.45", "X-Auth-Token", k2.sign(nil, claims(f.srv.URL, iat))); w.Code != 200 {
		t.Fatalf("new key: %d %s", w.Code, w.Body)
	}
	if n := f.jwksFetches.Load(); n != 2 {
		t.Fatalf("fetched %d, want 2", n)
	}
	// A kid Keyward does not publish: refused, and the JWKS is fetched at most once per 5s.
	k3 := newSigner(t, nil, "k3")
	for i := range 3 {
		cl := claims(f.srv.URL, iat)
		cl["jti"] = "other-" + string(rune('a'+i))
		if w := get(h, "203.0.113.45", "X-Auth-Token", k3.sign(nil, cl)); w.Code != 401 {
			t.Fatalf("unknown kid: %d %s", w.Code, w.Body)
		}
	}
	if n := f.jwksFetches.Load(); n != 2 {
		t.Fatalf("fetched %d within the gap, want 2", n)
	}
	clk.Add(6 * time.Second)
	cl := claims(f.srv.URL, iat)
	cl["jti"] = "later"
	if w := get(h, "203.0.113.45", "X-Auth-Token", k3.sign(nil, cl)); w.Code != 401 {
		t.Fatalf("unknown kid: %d %s", w.Code, w.Body)
	}
	if n := f.jwksFetches.Load(); n != 3 {
		t.Fatalf("fetched %d after the gap, want 3", n)
	}
	if f.verifies.Load() != 0 {
		t.Fatal("Keyward asked")
	}
}

// jwtAnswer is verify's answer for the access token of claims(…).
const jwtAnswer = `{"valid":true,"token":{"id":"jti-1","name":"API sign-in","hint":"eyJh…"},"role":{"id":"4","name":"CUSTOMER"},` +
	`"permissions":["transactions:read:own","profile:read"],"expiresAt":"2026-06-01T13:00:01Z","user":{"id":"42","email":"c@example.com"},` +
	`"subject":{"user_id":"42","tenant_id":null,"client_id":null}}`

func TestJWTOnline(t *testing.T) {
	t.Run("sign-in invalidated", func(t *testing.T) {
		f, c, _, s, iat := jwtSetup(t)
		raw := s.sign(nil, claims(f.srv.URL, iat))
		f.answer(raw, jwtAnswer)
		var got *Verdict
		h := c.Require("transactions:read", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got, _ = FromContext(r.Context()) }))
		get(h, "203.0.113.45", "X-Auth-Token", raw)
		if got == nil || got.Role.ID != "" || f.verifies.Load() != 0 {
			t.Fatalf("not offline: %+v", got)
		}
		f.send("invalidate", `{"signIns":["9"]}`)
		waitFor(t, "the invalidation", func() bool { return c.Stats().Invalidations == 1 })
		get(h, "203.0.113.45", "X-Auth-Token", raw)
		if got == nil || got.Role.ID != "4" || got.Scope != "own" || f.verifies.Load() != 1 {
			t.Fatalf("not online: %+v, %d", got, f.verifies.Load())
		}
		// The online verdict is cached, and indexed by its sign-in.
		get(h, "203.0.113.45", "X-Auth-Token", raw)
		if n := f.verifies.Load(); n != 1 {
			t.Fatalf("asked %d", n)
		}
		f.answer(raw, `{"valid":false,"code":"revoked"}`)
		f.send("invalidate", `{"signIns":["9"]}`)
		waitFor(t, "the invalidation", func() bool { return c.Stats().Invalidations == 2 })
		if w := get(h, "203.0.113.45", "X-Auth-Token", raw); w.Code != 401 {
			t.Fatalf("signed out: %d", w.Code)
		}
		// Another access token of the same sign-in is verified online too.
		cl := claims(f.srv.URL, iat)
		cl["jti"] = "jti-2"
		get(h, "203.0.113.45", "X-Auth-Token", s.sign(nil, cl))
		if n := f.verifies.Load(); n != 3 {
			t.Fatalf("asked %d, want 3", n)
		}
	})
	t.Run("issued before the latest flush", func(t *testing.T) {
		f, c, _, s, iat := jwtSetup(t)
		raw := s.sign(nil, claims(f.srv.URL, iat.Add(-time.Minute)))
		f.answer(raw, jwtAnswer)
		if w := get(c.Require("", ok), "203.0.113.45", "X-Auth-Token", raw); w.Code != 200 || f.verifies.Load() != 1 {
			t.Fatalf("%d, asked %d", w.Code, f.verifies.Load())
		}
	})
	t.Run("stream down", func(t *testing.T) {
		f := newFake(t)
		s := newSigner(t, f, "k1")
		f.eventsStatus.Store(http.StatusServiceUnavailable)
		c := newClient(t, f, nil)
		raw := s.sign(nil, claims(f.srv.URL, time.Now()))
		f.answer(raw, jwtAnswer)
		if w := get(c.Require("", ok), "203.0.113.45", "X-Auth-Token", raw); w.Code != 200 || f.verifies.Load() != 1 {
			t.Fatalf("%d, asked %d", w.Code, f.verifies.Load())
		}
	})
	t.Run("keys cannot be fetched", func(t *testing.T) {
		f, c, _, s, iat := jwtSetup(t)
		f.jwksStatus.Store(http.StatusInternalServerError)
		raw := s.sign(nil, claims(f.srv.URL, iat))
		f.answer(raw, jwtAnswer)
		if w := get(c.Require("", ok), "203.0.113.45", "X-Auth-Token", raw); w.Code != 200 || f.verifies.Load() != 1 {
			t.Fatalf("%d, asked %d", w.Code, f.verifies.Load())
		}
	})
}

func TestJWTKeysRefreshed(t *testing.T) {
	f, c, clk, s, iat := jwtSetup(t)
	h := c.Require("", ok)
	if w := get(h, "203.0.113.45", "X-Auth-Token", s.sign(nil, claims(f.srv.URL, iat))); w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	// Keyward stops publishing k1; once the JWKS is old, a use of k1 fetches it again in the
	// background, after which k1 no longer verifies.
	f.mu.Lock()
	delete(f.keys, "k1")
	f.mu.Unlock()
	clk.Add(5 * time.Minute)
	cl := claims(f.srv.URL, iat)
	cl["jti"] = "second"
	if w := get(h, "203.0.113.45", "X-Auth-Token", s.sign(nil, cl)); w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	waitFor(t, "the background fetch", func() bool { return f.jwksFetches.Load() == 2 && !c.keys.refreshing.Load() })
	cl["jti"] = "third"
	if w := get(h, "203.0.113.45", "X-Auth-Token", s.sign(nil, cl)); w.Code != 401 {
		t.Fatalf("a key no longer published: %d", w.Code)
	}
}
