package client

import (
	"context"
	"net/http"
	"net/netip"
	"sync"
	"testing"
	"time"
)

func TestGrants(t *testing.T) {
	cases := []struct {
		name  string
		perms []string
		ask   string
		scope string
		ok    bool
	}{
		{"held", []string{"clients:read"}, "clients:read", "all", true},
		{"not held", []string{"clients:read"}, "clients:write", "", false},
		{"qualified grants the plain one, limited", []string{"transactions:read:own"}, "transactions:read", "own", true},
		{"qualified asked as such", []string{"transactions:read:own"}, "transactions:read:own", "own", true},
		{"another qualifier asked", []string{"transactions:read:own"}, "transactions:read:all", "", false},
		{"plain and qualified: all", []string{"transactions:read", "transactions:read:own"}, "transactions:read", "all", true},
		{"several qualifiers: the first alphabetically", []string{"reports:read:team", "reports:read:limited"}, "reports:read", "limited", true},
		{"plain does not grant a qualified one", []string{"transactions:read"}, "transactions:read:own", "", false},
		{"every permission", []string{"*"}, "anything:at:all", "all", true},
		{"every permission, plain", []string{"*"}, "clients:write", "all", true},
		{"no permissions", []string{}, "clients:read", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var gs grants
			v := &Verdict{Valid: true, Permissions: tc.perms, grant: gs.of(tc.perms), memo: &memo{}}
			scope, ok := v.Grants(tc.ask)
			if scope != tc.scope || ok != tc.ok {
				t.Fatalf("Grants(%q) = %q, %v; want %q, %v", tc.ask, scope, ok, tc.scope, tc.ok)
			}
			// withPermission agrees, twice (the second from its memo).
			for range 2 {
				sv := v.withPermission(tc.ask)
				if sv.Valid != tc.ok || sv.Scope != tc.scope || (!tc.ok && sv.Code != CodeInsufficientPermissions) {
					t.Fatalf("withPermission(%q) = %+v", tc.ask, sv)
				}
			}
		})
	}
	if _, ok := verdictUnknown.Grants("clients:read"); ok {
		t.Fatal("a refusal grants a permission")
	}
}

func TestCacheHit(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, nil)
	read, write := c.Require("clients:read", ok), c.Require("transactions:read", ok)
	for i := range 5 {
		for _, h := range []http.Handler{read, write} {
			if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 200 {
				t.Fatalf("request %d: %d %s", i, w.Code, w.Body)
			}
		}
	}
	if n := f.verifies.Load(); n != 1 {
		t.Fatalf("Keyward asked %d times, want once", n)
	}
	// Another address is another verdict (whitelists are per address).
	get(read, "203.0.113.46", "X-Auth-Token", agentToken)
	if n := f.verifies.Load(); n != 2 {
		t.Fatalf("Keyward asked %d times, want twice", n)
	}
	// Refusals are cached too.
	get(read, "203.0.113.45", "X-Auth-Token", otherToken)
	get(read, "203.0.113.45", "X-Auth-Token", otherToken)
	if n := f.verifies.Load(); n != 3 {
		t.Fatalf("Keyward asked %d times, want 3", n)
	}
	s := c.Stats()
	if s.Hits != 10 || s.Misses != 3 || s.OnlineVerifies != 3 || s.Entries != 3 {
		t.Fatalf("stats %+v", s)
	}
}

func TestCacheTTL(t *testing.T) {
	f := newFake(t)
	clk := newClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	expiring := newToken(t)
	f.answer(expiring, `{"valid":true,"token":{"id":"20","name":"soon","hint":"h"},"role":{"id":"1","name":"R"},"permissions":["a:b"],"expiresAt":"2026-06-01T12:00:10Z"}`)
	c := connected(t, f, func(cfg *Config) {
		cfg.clock = clk.Now
		cfg.CacheTTL = 30 * time.Second
		cfg.NegativeTTL = 5 * time.Second
	})
	h := c.Require("", ok)
	// The stream stays live on the test clock as it moves, as heartbeats would keep it.
	step := func(d time.Duration) {
		clk.Add(d)
		c.healthyUntil.Store(clk.Now().Add(time.Second).UnixNano())
	}
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	get(h, "203.0.113.45", "X-Auth-Token", otherToken)
	get(h, "203.0.113.45", "X-Auth-Token", expiring)
	if n := f.verifies.Load(); n != 3 {
		t.Fatalf("asked %d", n)
	}
	step(6 * time.Second) // the refusal is asked again, the good ones are not
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	get(h, "203.0.113.45", "X-Auth-Token", otherToken)
	get(h, "203.0.113.45", "X-Auth-Token", expiring)
	if n := f.verifies.Load(); n != 4 {
		t.Fatalf("after 6s: asked %d, want 4", n)
	}
	step(5 * time.Second) // past the expiry of the expiring token
	get(h, "203.0.113.45", "X-Auth-Token", expiring)
	if n := f.verifies.Load(); n != 5 {
		t.Fatalf("after its expiry: asked %d, want 5", n)
	}
	step(20 * time.Second) // past CacheTTL
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	if n := f.verifies.Load(); n != 6 {
		t.Fatalf("after CacheTTL: asked %d, want 6", n)
	}
}

func TestInvalidate(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, nil)
	h := c.Require("clients:read", ok)
	other := newToken(t)
	f.answer(other, `{"valid":true,"token":{"id":"15","name":"o","hint":"h"},"role":{"id":"3","name":"AGENT"},"permissions":["clients:read"],"expiresAt":null}`)
	warm := func() {
		for _, tok := range []string{agentToken, other} {
			if w := get(h, "203.0.113.45", "X-Auth-Token", tok); w.Code != 200 {
				t.Fatalf("%d %s", w.Code, w.Body)
			}
		}
	}
	warm()
	if n := f.verifies.Load(); n != 2 {
		t.Fatalf("asked %d", n)
	}
	// Token 12 is revoked: its entry goes, token 15's stays.
	f.answer(agentToken, `{"valid":false,"code":"revoked"}`)
	f.send("invalidate", `{"tokens":["12"]}`)
	waitFor(t, "the invalidation", func() bool { return c.Stats().Invalidations == 1 })
	if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 401 || w.Body.String() != wantUnauthorized {
		t.Fatalf("revoked: %d %s", w.Code, w.Body)
	}
	get(h, "203.0.113.45", "X-Auth-Token", other)
	if n := f.verifies.Load(); n != 3 {
		t.Fatalf("asked %d, want 3", n)
	}
	// flush drops everything.
	flushes := c.Stats().Flushes
	f.send("flush", `{}`)
	waitFor(t, "the flush", func() bool { return c.Stats().Flushes == flushes+1 })
	if n := c.Stats().Entries; n != 0 {
		t.Fatalf("%d entries after the flush", n)
	}
	get(h, "203.0.113.45", "X-Auth-Token", other)
	if n := f.verifies.Load(); n != 4 {
		t.Fatalf("asked %d, want 4", n)
	}
	// A refusal that names its token is dropped with it.
	whitelisted := newToken(t)
	f.answer(whitelisted, `{"valid":false,"code":"ip_not_allowed","token":{"id":"30"}}`)
	if w := get(h, "203.0.113.45", "X-Auth-Token", whitelisted); w.Code != 403 {
		t.Fatalf("%d", w.Code)
	}
	f.answer(whitelisted, `{"valid":true,"token":{"id":"30","name":"w","hint":"h"},"role":{"id":"3","name":"AGENT"},"permissions":["clients:read"],"expiresAt":null}`)
	invalidations := c.Stats().Invalidations
	f.send("invalidate", `{"tokens":["30"]}`)
	waitFor(t, "the invalidation", func() bool { return c.Stats().Invalidations == invalidations+1 })
	if w := get(h, "203.0.113.45", "X-Auth-Token", whitelisted); w.Code != 200 {
		t.Fatalf("once approved: %d", w.Code)
	}
	// An unreadable invalidation empties the cache rather than keep what it named.
	get(h, "203.0.113.45", "X-Auth-Token", other)
	f.send("invalidate", `{"tokens":[12]}`)
	waitFor(t, "the flush", func() bool { return c.Stats().Flushes == flushes+2 })
	if n := c.Stats().Entries; n != 0 {
		t.Fatalf("%d entries after an unreadable invalidation", n)
	}
}

func TestEpochRace(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, nil)
	h := c.Require("clients:read", ok)
	entered, release := f.holdVerify()
	done := make(chan int)
	go func() { done <- get(h, "203.0.113.45", "X-Auth-Token", agentToken).Code }()
	<-entered
	// Keyward answers "valid" for a verify that started before the token was revoked, and
	// the invalidation is heard before the answer arrives.
	f.send("invalidate", `{"tokens":["12"]}`)
	waitFor(t, "the invalidation", func() bool { return c.Stats().Invalidations == 1 })
	f.answer(agentToken, `{"valid":false,"code":"revoked"}`)
	release()
	if code := <-done; code != 200 {
		t.Fatalf("the request in flight: %d", code)
	}
	if n := c.Stats().Entries; n != 0 {
		t.Fatalf("the answer that predates the invalidation was cached (%d entries)", n)
	}
	if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 401 {
		t.Fatalf("after the invalidation: %d", w.Code)
	}
}

func TestEpochRaceJoin(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, nil)
	h := c.Require("clients:read", ok)
	entered, release := f.holdVerify()
	first, second := make(chan int), make(chan int)
	go func() { first <- get(h, "203.0.113.45", "X-Auth-Token", agentToken).Code }()
	<-entered
	f.send("invalidate", `{"tokens":["12"]}`)
	waitFor(t, "the invalidation", func() bool { return c.Stats().Invalidations == 1 })
	// A request that comes after the invalidation does not join the call made before it.
	go func() { second <- get(h, "203.0.113.45", "X-Auth-Token", agentToken).Code }()
	<-entered
	if n := f.verifies.Load(); n != 2 {
		t.Fatalf("asked %d times, want 2", n)
	}
	release()
	<-first
	<-second
}

func TestConcurrentMissesAskOnce(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, nil)
	h := c.Require("clients:read", ok)
	entered, release := f.holdVerify()
	var wg sync.WaitGroup
	codes := make(chan int, 20)
	for range 20 {
		wg.Go(func() { codes <- get(h, "203.0.113.45", "X-Auth-Token", agentToken).Code })
	}
	<-entered
	k := keyOf(agentToken, netip.MustParseAddr("203.0.113.45"))
	s := c.cache.shard(k)
	waitFor(t, "the others to join the call in flight", func() bool {
		s.mu.RLock()
		defer s.mu.RUnlock()
		return s.calls[k] != nil && s.calls[k].waiters == 19
	})
	release()
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != 200 {
			t.Fatalf("status %d", code)
		}
	}
	if n := f.verifies.Load(); n != 1 {
		t.Fatalf("asked %d times, want once", n)
	}
}

func TestStreamLostVerifiesOnline(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, nil)
	h := c.Require("clients:read", ok)
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	if n := f.verifies.Load(); n != 1 {
		t.Fatalf("asked %d", n)
	}
	f.eventsStatus.Store(http.StatusServiceUnavailable)
	f.hangUp()
	waitFor(t, "the loss", func() bool { return !c.Stats().StreamConnected })
	for i := range 3 {
		if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if n := f.verifies.Load(); n != int64(2+i) {
			t.Fatalf("asked %d, want every request online", n)
		}
	}
	// A revocation applies at once.
	f.answer(agentToken, `{"valid":false,"code":"revoked"}`)
	if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 401 {
		t.Fatalf("revoked: %d", w.Code)
	}
}

func TestReconnectFlushes(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, nil)
	h := c.Require("clients:read", ok)
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	f.hangUp()
	waitFor(t, "the reconnection", func() bool { s := c.Stats(); return s.Reconnects == 1 && s.StreamConnected })
	if n := c.Stats().Entries; n != 0 {
		t.Fatalf("%d entries survived the reconnection", n)
	}
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	if n := f.verifies.Load(); n != 2 {
		t.Fatalf("asked %d, want 2", n)
	}
}

func TestHeartbeatSilence(t *testing.T) {
	t.Run("a silent stream is dropped and reconnected", func(t *testing.T) {
		f := newFake(t)
		f.heartbeat, f.autoHeartbeat = 20, false
		c := connected(t, f, nil)
		waitFor(t, "a reconnection", func() bool { return f.streams.Load() >= 2 && c.Stats().Reconnects >= 1 })
	})
	t.Run("heartbeats keep it live; silence is seen by the next request", func(t *testing.T) {
		f := newFake(t) // heartbeats of a minute: the watchdog (on the real clock) stays quiet
		t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		clk := newClock(t0)
		c := connected(t, f, func(cfg *Config) { cfg.clock = clk.Now; cfg.CacheTTL = time.Hour })
		h := c.Require("clients:read", ok)
		get(h, "203.0.113.45", "X-Auth-Token", agentToken)
		clk.Add(100 * time.Second)
		f.send("heartbeat", "{}")
		waitFor(t, "the heartbeat", func() bool { return c.healthyUntil.Load() == t0.Add(250*time.Second).UnixNano() })
		clk.Add(100 * time.Second) // 200s after ready, 100s after the heartbeat
		get(h, "203.0.113.45", "X-Auth-Token", agentToken)
		if n := f.verifies.Load(); n != 1 {
			t.Fatalf("asked %d while the stream is live", n)
		}
		clk.Add(51 * time.Second) // more than 2.5 heartbeats since the last
		if c.Stats().StreamConnected {
			t.Fatal("a silent stream counts as connected")
		}
		get(h, "203.0.113.45", "X-Auth-Token", agentToken)
		if n := f.verifies.Load(); n != 2 {
			t.Fatalf("asked %d after the silence, want 2", n)
		}
	})
}

func TestStaleIfError(t *testing.T) {
	f := newFake(t)
	f.eventsStatus.Store(http.StatusServiceUnavailable) // never live: every request online
	clk := newClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	expiring := newToken(t)
	f.answer(expiring, `{"valid":true,"token":{"id":"20","name":"soon","hint":"h"},"role":{"id":"1","name":"R"},"permissions":["a:b"],"expiresAt":"2026-06-01T12:02:00Z"}`)
	c := newClient(t, f, func(cfg *Config) { cfg.clock = clk.Now; cfg.StaleIfError = 5 * time.Minute })
	h := c.Require("", ok)
	for _, tok := range []string{agentToken, otherToken, expiring} {
		get(h, "203.0.113.45", "X-Auth-Token", tok)
	}
	f.verifyStatus.Store(http.StatusServiceUnavailable)
	clk.Add(time.Minute)
	if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 200 {
		t.Fatalf("stale good verdict: %d %s", w.Code, w.Body)
	}
	if w := get(h, "203.0.113.45", "X-Auth-Token", otherToken); w.Code != 401 {
		t.Fatalf("stale refusal: %d %s", w.Code, w.Body)
	}
	if w := get(h, "198.51.100.7", "X-Auth-Token", agentToken); w.Code != 503 || w.Body.String() != wantUnavailable {
		t.Fatalf("never seen from this address: %d %s", w.Code, w.Body)
	}
	clk.Add(90 * time.Second) // past the expiring token's expiry, within StaleIfError
	if w := get(h, "203.0.113.45", "X-Auth-Token", expiring); w.Code != 401 {
		t.Fatalf("stale verdict of an expired token: %d %s", w.Code, w.Body)
	}
	f.verifyHangUp.Store(true) // a network error serves stale too
	if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 200 {
		t.Fatalf("stale on a network error: %d %s", w.Code, w.Body)
	}
	if s := c.Stats(); s.StaleServed != 4 || s.Errors != 1 {
		t.Fatalf("stats %+v", s)
	}
	clk.Add(3 * time.Minute) // 5m30s: too old
	if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 503 || w.Body.String() != wantUnavailable {
		t.Fatalf("beyond StaleIfError: %d %s", w.Code, w.Body)
	}
	// Keyward is back: asked, and the answer refreshes the entry.
	f.verifyHangUp.Store(false)
	f.verifyStatus.Store(0)
	if w := get(h, "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 200 {
		t.Fatalf("back: %d %s", w.Code, w.Body)
	}
}

func TestDisableEventsIsATTLCache(t *testing.T) {
	f := newFake(t)
	clk := newClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	c := newClient(t, f, func(cfg *Config) { cfg.clock = clk.Now; cfg.DisableEvents = true; cfg.CacheTTL = 10 * time.Second })
	h := c.Require("clients:read", ok)
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	clk.Add(9 * time.Second)
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	if n := f.verifies.Load(); n != 1 {
		t.Fatalf("asked %d within CacheTTL", n)
	}
	clk.Add(2 * time.Second)
	get(h, "203.0.113.45", "X-Auth-Token", agentToken)
	if n := f.verifies.Load(); n != 2 {
		t.Fatalf("asked %d after CacheTTL", n)
	}
	if f.streams.Load() != 0 {
		t.Fatal("the events stream was opened")
	}
}

func TestEviction(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, func(cfg *Config) { cfg.CacheSize = 4 })
	for range 50 {
		tok := newToken(t)
		f.answer(tok, agentAnswer)
		if _, err := c.Verify(context.Background(), tok, netip.MustParseAddr("203.0.113.45"), ""); err != nil {
			t.Fatal(err)
		}
	}
	s := c.Stats()
	if s.Entries > 4 || s.Entries == 0 || s.Evictions < 46 {
		t.Fatalf("stats %+v", s)
	}
	// The indexes shrink with the entries.
	n := 0
	for i := range c.cache.shards {
		n += len(c.cache.shards[i].byToken["12"])
	}
	if n != s.Entries {
		t.Fatalf("%d index entries for %d cache entries", n, s.Entries)
	}
}

func TestCloseStopsTheStream(t *testing.T) {
	f := newFake(t)
	c := connected(t, f, nil)
	c.Close()
	c.Close() // twice is fine
	if c.Stats().StreamConnected {
		t.Fatal("still connected after Close")
	}
	// Still verifies, online.
	if w := get(c.Require("clients:read", ok), "203.0.113.45", "X-Auth-Token", agentToken); w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
}
