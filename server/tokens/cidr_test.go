package tokens

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/keyward/keyward/server/errs"
)

func TestParseCIDR(t *testing.T) {
	ok := map[string]string{
		"203.0.113.7":    "203.0.113.7/32",
		" 203.0.113.7 ":  "203.0.113.7/32",
		"10.0.0.0/8":     "10.0.0.0/8",
		"0.0.0.0/0":      "0.0.0.0/0",
		"2001:db8::1":    "2001:db8::1/128",
		"2001:DB8::0:1":  "2001:db8::1/128",
		"2001:db8::/32":  "2001:db8::/32",
		"::1":            "::1/128",
		"192.168.1.0/24": "192.168.1.0/24",
		"192.168.1.7/32": "192.168.1.7/32",
	}
	for in, want := range ok {
		t.Run("ok "+in, func(t *testing.T) {
			p, err := ParseCIDR("cidr", in)
			if err != nil || p.String() != want {
				t.Fatalf("ParseCIDR(%q) = %v, %v; want %s", in, p, err, want)
			}
		})
	}
	bad := map[string]string{
		"192.168.1.7/24":      "192.168.1.0/24",
		"2001:db8::1/32":      "2001:db8::/32",
		"::ffff:203.0.113.45": "203.0.113.45/32",
		"::ffff:10.0.0.0/104": "10.0.0.0/8",
		"fe80::1%eth0":        "zoned",
		"":                    "required",
		"not an ip":           "not an IP address",
		"10.0.0.0/33":         "not an IP address",
		"300.1.1.1":           "not an IP address",
	}
	for in, want := range bad {
		t.Run("bad "+in, func(t *testing.T) {
			_, err := ParseCIDR("whitelist", in)
			e := errs.As(err)
			if e == nil || e.Kind != errs.Invalid || e.Field != "whitelist" {
				t.Fatalf("ParseCIDR(%q) error = %v; want an invalid-input error on field whitelist", in, err)
			}
			if !strings.Contains(e.Message, want) {
				t.Fatalf("message %q should mention %q", e.Message, want)
			}
		})
	}
}

func FuzzParseCIDR(f *testing.F) {
	for _, s := range []string{"203.0.113.7", "10.0.0.0/8", "2001:db8::/32", "::ffff:1.2.3.4", "192.168.1.7/24", "fe80::1%eth0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := ParseCIDR("cidr", in)
		if err != nil {
			if errs.As(err) == nil {
				t.Fatalf("ParseCIDR(%q) gave an internal error: %v", in, err)
			}
			return
		}
		if p != p.Masked() || p.Addr().Is4In6() || p.Addr().Zone() != "" {
			t.Fatalf("ParseCIDR(%q) = %v is not canonical", in, p)
		}
		again, err := netip.ParsePrefix(p.String())
		if err != nil || again != p {
			t.Fatalf("%v does not round-trip: %v %v", p, again, err)
		}
	})
}
