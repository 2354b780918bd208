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
	c := NewCache(30*time.Second, 5*time.Second, 0)
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

// While invalidations may be missed, an entry serves for OfflineTTL only; once they are
// heard again, for its whole TTL.
func TestCacheWhileDeaf(t *testing.T) {
	c := NewCache(time.Hour, time.Minute, 0)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	id := &Identity{TokenID: 1}
	c.Put(Hash{1}, id, now)
	c.Hears(false)
	if got, ok := c.Get(Hash{1}, now); !ok || got != id {
		t.Fatal("a fresh entry must serve while deaf")
	}
	time.Sleep(OfflineTTL + 50*time.Millisecond)
	if _, ok := c.Get(Hash{1}, now); ok {
		t.Fatal("an entry older than OfflineTTL served while invalidations may be missed")
	}
	c.Hears(true)
	if _, ok := c.Get(Hash{1}, now); !ok {
		t.Fatal("once heard again, the entry serves for its TTL")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	l := NewLimiter(3, time.Minute)
	a, b := netip.MustParseAddr("203.0.113.1"), netip.MustParseAddr("2001:db8:1:2::5")
	for i := 0; i < 3; i++ {
		if _, blocked := l.Blocked(a, now); blocked {
			t.Fatalf("blocked after %d refusals", i)
		}
		l.Hit(a, now)
		l.Hit(b, now)
	}
	if left, blocked := l.Blocked(a, now.Add(20*time.Second)); !blocked || left != 40*time.Second {
		t.Fatalf("after 3 refusals: %v %v", left, blocked)
	}
	// An IPv6 client counts by its /64; another /64 is someone else.
	if _, blocked := l.Blocked(netip.MustParseAddr("2001:db8:1:2::9"), now); !blocked {
		t.Fatal("another address of the same /64 is not held back")
	}
	if _, blocked := l.Blocked(netip.MustParseAddr("2001:db8:1:3::5"), now); blocked {
		t.Fatal("another /64 is held back")
	}
	if _, blocked := l.Blocked(netip.MustParseAddr("::ffff:203.0.113.1"), now); !blocked {
		t.Fatal("the IPv4-mapped form escapes the limit")
	}
	if _, blocked := l.Blocked(a, now.Add(time.Minute)); blocked {
		t.Fatal("still held back once the window ended")
	}
	var off *Limiter
	off.Hit(a, now)
	if _, blocked := NewLimiter(0, time.Minute).Blocked(a, now); blocked {
		t.Fatal("a limiter of 0 holds back")
	}
}
