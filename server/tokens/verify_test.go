package tokens

import (
	"net/netip"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	exp := now.Add(time.Hour)
	wl := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	ip := netip.MustParseAddr
	cases := []struct {
		name    string
		id      *Identity
		at      time.Time
		ip      netip.Addr
		require bool
		want    Reason
	}{
		{"unknown", nil, now, ip("10.1.1.1"), false, Unknown},
		{"revoked", &Identity{Revoked: true}, now, ip("10.1.1.1"), false, Revoked},
		{"a second before expiry", &Identity{ExpiresAt: &exp}, exp.Add(-time.Second), ip("1.2.3.4"), false, OK},
		{"at the exact second of expiry", &Identity{ExpiresAt: &exp}, exp, ip("1.2.3.4"), false, Expired},
		{"replaced secret past its grace", &Identity{SecretExpiresAt: &exp}, exp, ip("1.2.3.4"), false, Expired},
		{"no whitelist", &Identity{}, now, ip("1.2.3.4"), false, OK},
		{"no whitelist but one is required", &Identity{}, now, ip("1.2.3.4"), true, IPNotAllowed},
		{"inside an IPv4 range", &Identity{HasWhitelist: true, Allowed: wl}, now, ip("10.200.0.1"), false, OK},
		{"IPv4-mapped client", &Identity{HasWhitelist: true, Allowed: wl}, now, ip("::ffff:10.9.9.9"), false, OK},
		{"inside an IPv6 range", &Identity{HasWhitelist: true, Allowed: wl}, now, ip("2001:db8:1::5"), false, OK},
		{"outside", &Identity{HasWhitelist: true, Allowed: wl}, now, ip("192.0.2.1"), false, IPNotAllowed},
		{"no IP given", &Identity{HasWhitelist: true, Allowed: wl}, now, netip.Addr{}, false, IPNotAllowed},
		{"only pending entries", &Identity{HasWhitelist: true}, now, ip("10.1.1.1"), false, IPNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Check(c.id, c.at, c.ip, c.require); got != c.want {
				t.Fatalf("Check = %q, want %q", got, c.want)
			}
		})
	}
}

func TestCache(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := NewCache(30*time.Second, 5*time.Second)
	var heard []int64
	c.OnInvalidate = func(id int64) { heard = append(heard, id) }
	a, b, unknown := HashOf("a"), HashOf("b"), HashOf("c")
	c.Put(a, &Identity{TokenID: 1}, now)
	c.Put(b, &Identity{TokenID: 2}, now)
	c.Put(unknown, nil, now)
	if id, ok := c.Get(a, now.Add(29*time.Second)); !ok || id.TokenID != 1 {
		t.Fatal("a fresh entry must hit")
	}
	if _, ok := c.Get(a, now.Add(31*time.Second)); ok {
		t.Fatal("an entry past its TTL must miss")
	}
	if id, ok := c.Get(unknown, now.Add(4*time.Second)); !ok || id != nil {
		t.Fatal("an unknown token is remembered as unknown for a while")
	}
	if _, ok := c.Get(unknown, now.Add(6*time.Second)); ok {
		t.Fatal("an unknown entry expires sooner")
	}
	c.Invalidate(1)
	if _, ok := c.Get(a, now); ok {
		t.Fatal("invalidated token still cached")
	}
	if _, ok := c.Get(b, now); !ok {
		t.Fatal("invalidating token 1 dropped token 2")
	}
	c.InvalidateAll()
	if _, ok := c.Get(b, now); ok {
		t.Fatal("InvalidateAll left an entry")
	}
	if len(heard) != 2 || heard[0] != 1 || heard[1] != 0 {
		t.Fatalf("OnInvalidate heard %v", heard)
	}
}
