package client

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP resolves the IP a request comes from, as Keyward does: the TCP peer, unless the
// peer is one of Config.TrustedProxies, then the right-most X-Forwarded-For entry that is
// not a trusted proxy. IPv4-mapped IPv6 addresses come back as IPv4. The zero Addr means it
// could not be read.
func (c *Client) ClientIP(r *http.Request) netip.Addr {
	return clientIP(r, c.proxies)
}

func clientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer := parseHostPort(r.RemoteAddr)
	if !peer.IsValid() || !isTrusted(peer, trusted) {
		return peer
	}
	hops := r.Header.Values("X-Forwarded-For")
	ip := peer
	// Right to left over every hop of every header line.
	for i := len(hops) - 1; i >= 0; i-- {
		rest := hops[i]
		for {
			j := strings.LastIndexByte(rest, ',')
			a := parseHop(rest[j+1:])
			if !a.IsValid() {
				// A garbled hop: the header is not believed beyond it.
				return ip
			}
			ip = a
			if !isTrusted(a, trusted) {
				return a
			}
			if j < 0 {
				break
			}
			rest = rest[:j]
		}
	}
	return ip
}

func parseHostPort(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone("")
	}
	host, _, err := net.SplitHostPort(s)
	if err != nil {
		host = s
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap().WithZone("")
}

func parseHop(s string) netip.Addr {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone("")
	}
	// Some proxies append a port ("203.0.113.9:4711", "[2001:db8::1]:443").
	return parseHostPort(s)
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
