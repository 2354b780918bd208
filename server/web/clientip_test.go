package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

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
		{"hop with a port", "10.0.0.2:5000", []string{"198.51.100.1:4711"}, proxies, "198.51.100.1"},
		{"IPv6 peer", "[2001:db8::7]:443", nil, nil, "2001:db8::7"},
		{"IPv6 hop behind an IPv6 proxy", "[fd00::1]:443", []string{"2001:db8::9"}, proxies, "2001:db8::9"},
		{"bracketed IPv6 hop with port", "10.0.0.2:1", []string{"[2001:db8::9]:443"}, proxies, "2001:db8::9"},
		{"IPv4-mapped peer", "[::ffff:203.0.113.45]:80", nil, nil, "203.0.113.45"},
		{"IPv4-mapped hop", "10.0.0.2:1", []string{"::ffff:198.51.100.4"}, proxies, "198.51.100.4"},
		{"IPv4-mapped trusted proxy", "[::ffff:10.0.0.2]:80", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = c.remote
			for _, h := range c.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if got := ClientIP(r, c.trusted); got.String() != c.want {
				t.Fatalf("ClientIP = %s, want %s", got, c.want)
			}
		})
	}
}

func TestPresentedToken(t *testing.T) {
	cases := []struct {
		name              string
		x, auth           string
		tok               string
		present, conflict bool
	}{
		{"none", "", "", "", false, false},
		{"x-auth-token", "kw_a", "", "kw_a", true, false},
		{"bearer", "", "Bearer kw_b", "kw_b", true, false},
		{"bearer any case", "", "bearer kw_b", "kw_b", true, false},
		{"both, even the same", "kw_a", "Bearer kw_a", "", true, true},
		{"both, different", "kw_a", "Bearer kw_b", "", true, true},
		{"another scheme is present but no token", "", "Basic Zm9v", "Basic Zm9v", true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if c.x != "" {
				r.Header.Set("X-Auth-Token", c.x)
			}
			if c.auth != "" {
				r.Header.Set("Authorization", c.auth)
			}
			tok, present, conflict := presentedToken(r)
			if tok != c.tok || present != c.present || conflict != c.conflict {
				t.Fatalf("got %q %v %v", tok, present, conflict)
			}
		})
	}
}
