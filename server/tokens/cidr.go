package tokens

import (
	"net/netip"
	"strings"

	"github.com/keyward/keyward/server/errs"
)

// ParseCIDR reads one whitelist entry: an IPv4 or IPv6 address (made a /32 or /128) or a
// CIDR range, and returns it in canonical form. A range with host bits set is refused with
// a message naming the range it probably means, and an IPv4-mapped IPv6 entry is refused in
// favour of its IPv4 form. field names the input in errors.
func ParseCIDR(field, s string) (netip.Prefix, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return netip.Prefix{}, errs.InvalidField(field, "an IP address or CIDR range is required")
	}
	if strings.Contains(in, "%") {
		return netip.Prefix{}, errs.InvalidField(field, "%q: zoned IPv6 addresses cannot be whitelisted", in)
	}
	var p netip.Prefix
	if strings.Contains(in, "/") {
		var err error
		if p, err = netip.ParsePrefix(in); err != nil {
			return netip.Prefix{}, errs.InvalidField(field, "%q is not an IP address or CIDR range (like 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32)", in)
		}
	} else {
		a, err := netip.ParseAddr(in)
		if err != nil {
			return netip.Prefix{}, errs.InvalidField(field, "%q is not an IP address or CIDR range (like 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32)", in)
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if p.Addr().Is4In6() {
		v4 := p.Addr().Unmap()
		bits := p.Bits() - 96
		if bits < 0 {
			return netip.Prefix{}, errs.InvalidField(field, "%q is an IPv4-mapped IPv6 range wider than the IPv4 space: whitelist IPv4 ranges in their IPv4 form", in)
		}
		return netip.Prefix{}, errs.InvalidField(field, "%q is an IPv4-mapped IPv6 address: use the IPv4 form %s", in, netip.PrefixFrom(v4, bits).Masked())
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, errs.InvalidField(field, "%q has host bits set: did you mean %s?", in, m)
	}
	return p, nil
}

// CanonicalCIDR returns the canonical text of an entry: a single address keeps its /32 or
// /128, so every stored entry is a range.
func CanonicalCIDR(p netip.Prefix) string { return p.String() }
