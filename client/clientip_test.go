package client

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// The cases of Keyward's own client IP test: both must resolve the same address.
func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	cases := []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"peer only", "203.0.113.9:5000", nil, nil, "203.0.113.9"},
		{"untrusted peer's forwarded header is ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, proxies, "203.0.113.9"},
		{"no proxies configured: header ignored", "10.0.0.2:5000", []string{"198.51.100.1"}, nil, "10.0.0.2"},
		{"trusted proxy: right-most hop", "10.0.0.2:5000", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"spoofed left hops are skipped", "10.0.0.2:5000", []string{"1.1.1.1, 198.51.100.1"}, proxies, "198.51.100.1"},
		{"several trusted hops", "10.0.0.2:5000", []string{"198.51.100.1, 10.1.1.1, 10.2.2.2"}, proxies, "198.51.100.1"},
		{"several header lines", "10.0.0.2:5000", []string{"198.51.100.1", "10.3.3.3"}, proxies, "198.51.100.1"},
		{"every hop trusted: the left-most", "10.0.0.2:5000", []string{"10.9.9.9, 10.8.8.8"}, proxies, "10.9.9.9"},
		{"garbage hop stops the walk", "10.0.0.2:5000", []string{"198.51.100.1, garbage, 10.1.1.1"}, proxies, "10.1.1.1"},
		{"empty hop stops the walk", "10.0.0.2:5000", []string{"198.51.100.1,"}, proxies, "10.0.0.2"},
		{"empty header line stops the walk", "10.0.0.2:5000", []string{"198.51.100.1", ""}, proxies, "10.0.0.2"},
		{"hop with a port", "10.0.0.2:5000", []string{"198.51.100.1:4711"}, proxies, "198.51.100.1"},
		{"IPv6 peer", "[2001:db8::7]:443", nil, nil, "2001:db8::7"},
		{"IPv6 hop behind an IPv6 proxy", "[fd00::1]:443", []string{"2001:db8::9"}, proxies, "2001:db8::9"},
		{"bracketed IPv6 hop with port", "10.0.0.2:1", []string{"[2001:db8::9]:443"}, proxies, "2001:db8::9"},
		{"IPv4-mapped peer", "[::ffff:203.0.113.45]:80", nil, nil, "203.0.113.45"},
		{"IPv4-mapped hop", "10.0.0.2:1", []string{"::ffff:198.51.100.4"}, proxies, "198.51.100.4"},
		{"IPv4-mapped trusted proxy", "[::ffff:10.0.0.2]:80", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"unreadable peer", "somewhere", nil, proxies, "invalid IP"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, h := range tc.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			c := &Client{proxies: tc.trusted}
			if got := c.ClientIP(r); got.String() != tc.want {
				t.Fatalf("ClientIP = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestRequireBehindAProxy(t *testing.T) {
	f := newFake(t)
	c := newClient(t, f, func(cfg *Config) {
		cfg.DisableEvents = true
		cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	})
	h := c.Require("clients:read", ok)
	if w := get(h, "10.0.0.2", "X-Auth-Token", agentToken, "X-Forwarded-For", "1.1.1.1, 203.0.113.45"); w.Code != 200 {
		t.Fatalf("%d", w.Code)
	}
	if ip := f.lastIP.Load(); ip != "203.0.113.45" {
		t.Fatalf("Keyward was told %v", ip)
	}
	// An untrusted peer's header is not believed.
	get(h, "198.51.100.9", "X-Auth-Token", agentToken, "X-Forwarded-For", "203.0.113.45")
	if ip := f.lastIP.Load(); ip != "198.51.100.9" {
		t.Fatalf("Keyward was told %v", ip)
	}
}
