package tokens

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/keyward/keyward/server/clock"
)

// benchService is a Service with only what a cache hit touches: the clock, the cache and
// the policy. A hit never reaches the database.
func benchService(b testing.TB) (*Service, string, netip.Addr) {
	sec, err := NewSecret()
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	exp := now.Add(24 * time.Hour)
	c := NewCache(time.Hour, time.Minute, 0)
	c.Put(HashOf(string(sec)), &Identity{
		TokenID: 1, Name: "bench", RoleName: "Auditor", Perms: map[string]bool{"clients:read": true, "users:read": true},
		ExpiresAt: &exp, HasWhitelist: true,
		Allowed: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("203.0.113.0/24")},
	}, now)
	s := &Service{clock: clock.NewFake(now), cache: c, policy: func(context.Context) (Policy, error) { return DefaultPolicy, nil }}
	return s, string(sec), netip.MustParseAddr("203.0.113.45")
}

// A cache hit, and the refusal of a malformed token, allocate nothing: at the rate resource
// servers call verify, garbage would cost more than the work.
func TestVerifyCacheHitDoesNotAllocate(t *testing.T) {
	s, sec, ip := benchService(t)
	ctx := context.Background()
	bad := offByOne(sec)
	for what, token := range map[string]string{"a cache hit": sec, "a malformed token": bad} {
		if n := testing.AllocsPerRun(200, func() { _, _, _ = s.Verify(ctx, token, ip) }); n != 0 {
			t.Errorf("%s allocates %.1f times per verification", what, n)
		}
	}
}

// offByOne changes the last character of a token, so that its checksum no longer matches.
func offByOne(sec string) string {
	if sec[Len-1] == 'x' {
		return sec[:Len-1] + "y"
	}
	return sec[:Len-1] + "x"
}

// BenchmarkVerifyCacheHit is the verification hot path: parse (prefix, length, checksum),
// hash, cache hit, IP check against a 3-entry whitelist, permission check.
func BenchmarkVerifyCacheHit(b *testing.B) {
	s, sec, ip := benchService(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		id, reason, err := s.Verify(ctx, sec, ip)
		if err != nil || reason != OK || !id.Has("clients:read") {
			b.Fatalf("verify: %v %v", reason, err)
		}
	}
}

func BenchmarkVerifyCacheHitParallel(b *testing.B) {
	s, sec, ip := benchService(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, reason, _ := s.Verify(ctx, sec, ip); reason != OK {
				b.Fatal(reason)
			}
		}
	})
}

func BenchmarkWellFormed(b *testing.B) {
	sec, _ := NewSecret()
	for b.Loop() {
		if !WellFormed(string(sec)) {
			b.Fatal("not well formed")
		}
	}
}

func BenchmarkMalformedRefused(b *testing.B) {
	s, sec, ip := benchService(b)
	bad := offByOne(sec)
	ctx := context.Background()
	for b.Loop() {
		if _, reason, _ := s.Verify(ctx, bad, ip); reason != Malformed {
			b.Fatal(reason)
		}
	}
}
