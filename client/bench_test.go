package client

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// discard is a ResponseWriter that keeps nothing, so that a benchmark measures the handler.
type discard struct{ h http.Header }

func (w *discard) Header() http.Header         { return w.h }
func (w *discard) Write(b []byte) (int, error) { return len(b), nil }
func (w *discard) WriteHeader(int)             {}

// benchRequire serves requests presenting token through h from one address, in parallel.
func benchRequire(b *testing.B, h http.Handler, token string, want int) {
	b.Helper()
	check := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/resource", nil)
	r.RemoteAddr = "203.0.113.45:4711"
	r.Header.Set("X-Auth-Token", token)
	h.ServeHTTP(check, r)
	if check.Code != want {
		b.Fatalf("status %d %s", check.Code, check.Body)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := r.Clone(r.Context())
		w := &discard{h: http.Header{}}
		for pb.Next() {
			h.ServeHTTP(w, r)
		}
	})
}

var bare = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })

// BenchmarkBare is the handler without Require, for comparison.
func BenchmarkBare(b *testing.B) {
	benchRequire(b, bare, agentToken, 200)
}

// BenchmarkRequireCached is an API token's request answered from the cache while the stream
// is live: the common case.
func BenchmarkRequireCached(b *testing.B) {
	f := newFake(b)
	c := connected(b, f, func(cfg *Config) { cfg.CacheTTL = time.Hour })
	benchRequire(b, c.Require("transactions:read", bare), agentToken, 200)
	if n := f.verifies.Load(); n != 1 {
		b.Fatalf("asked %d times", n)
	}
}

// BenchmarkRequireCachedJWT is an access token's request answered from the cache.
func BenchmarkRequireCachedJWT(b *testing.B) {
	f := newFake(b)
	s := newSigner(b, f, "k1")
	c := connected(b, f, func(cfg *Config) { cfg.CacheTTL = time.Hour })
	raw := s.sign(nil, claims(f.srv.URL, time.Now().Add(time.Second)))
	// Issued after the stream's flush (iat has whole seconds).
	c.flushedAt.Store(time.Now().Unix() - 10)
	benchRequire(b, c.Require("transactions:read", bare), raw, 200)
	if n := f.verifies.Load(); n != 0 {
		b.Fatalf("asked %d times", n)
	}
}

// BenchmarkRequireForbidden is a cached token lacking the permission: the 403 naming its role.
func BenchmarkRequireForbidden(b *testing.B) {
	f := newFake(b)
	c := connected(b, f, func(cfg *Config) { cfg.CacheTTL = time.Hour })
	benchRequire(b, c.Require("clients:write", bare), agentToken, 403)
}

// BenchmarkRequireMalformed is a flood of garbage, refused without asking Keyward.
func BenchmarkRequireMalformed(b *testing.B) {
	f := newFake(b)
	c := connected(b, f, nil)
	benchRequire(b, c.Require("clients:read", bare), "kw_garbage", 401)
}

// BenchmarkJWTOffline is the offline check of an access token (a cache miss).
func BenchmarkJWTOffline(b *testing.B) {
	f := newFake(b)
	s := newSigner(b, f, "k1")
	c := connected(b, f, nil)
	raw := s.sign(nil, claims(f.srv.URL, time.Now().Add(time.Second)))
	c.flushedAt.Store(time.Now().Unix() - 10)
	k := keyOf(raw, netip.Addr{})
	ctx := b.Context()
	if v, _, ok := c.offline(ctx, raw, k, time.Now()); !ok || !v.Valid {
		b.Fatal("refused")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c.offline(ctx, raw, k, time.Now())
	}
}
