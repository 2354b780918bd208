package tokens

import (
	"crypto/sha256"
	"strings"
	"testing"
)

func TestNewSecretFormat(t *testing.T) {
	seen := map[Secret]bool{}
	for i := 0; i < 1000; i++ {
		s, err := NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != Len || !strings.HasPrefix(string(s), "kw_") || !WellFormed(string(s)) {
			t.Fatalf("bad secret %q", s)
		}
		if seen[s] {
			t.Fatalf("secret repeated: %q", s)
		}
		seen[s] = true
	}
}

func TestWellFormedRefuses(t *testing.T) {
	s, _ := NewSecret()
	good := string(s)
	// Two neighbours that differ, so that swapping them changes the string.
	i := len(Prefix)
	for good[i] == good[i+1] {
		i++
	}
	cases := map[string]string{
		"empty":         "",
		"prefix":        "kx_" + good[3:],
		"upper prefix":  "KW_" + good[3:],
		"short":         good[:Len-1],
		"long":          good + "0",
		"non-base62":    good[:10] + "-" + good[11:],
		"space":         good[:10] + " " + good[11:],
		"checksum":      good[:Len-1] + flip(good[Len-1]),
		"random part":   good[:5] + flip(good[5]) + good[6:],
		"swapped chars": good[:i] + string(good[i+1]) + string(good[i]) + good[i+2:],
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if WellFormed(in) {
				t.Fatalf("WellFormed(%q) = true", in)
			}
		})
	}
	if !WellFormed(good) {
		t.Fatal("a fresh secret must be well formed")
	}
}

// Every single-character change of a token is caught by the checksum.
func TestEverySingleCharChangeIsRefused(t *testing.T) {
	s, _ := NewSecret()
	good := string(s)
	for i := len(Prefix); i < Len; i++ {
		bad := good[:i] + flip(good[i]) + good[i+1:]
		if WellFormed(bad) {
			t.Fatalf("change at %d not caught: %q", i, bad)
		}
	}
}

func flip(c byte) string {
	i := strings.IndexByte(alphabet, c)
	return string(alphabet[(i+1)%len(alphabet)])
}

func TestHintAndHash(t *testing.T) {
	s := Secret("kw_AbCd" + strings.Repeat("0", 39) + checksum("AbCd"+strings.Repeat("0", 39)))
	if !WellFormed(string(s)) {
		t.Fatalf("constructed token not well formed: %s", s)
	}
	h := Hint(s)
	if !strings.HasPrefix(h, "kw_AbCd…") || !strings.HasSuffix(h, string(s[Len-4:])) {
		t.Fatalf("hint %q", h)
	}
	if HashOf(string(s)) != sha256.Sum256([]byte(s)) {
		t.Fatal("HashOf is not SHA-256 of the whole string")
	}
}

func FuzzWellFormed(f *testing.F) {
	s, _ := NewSecret()
	f.Add(string(s))
	f.Add("kw_")
	f.Add("")
	f.Add(strings.Repeat("kw_0", 13))
	f.Fuzz(func(t *testing.T, in string) {
		if !WellFormed(in) {
			return
		}
		if len(in) != Len || !strings.HasPrefix(in, Prefix) {
			t.Fatalf("WellFormed accepted %q", in)
		}
		random := in[len(Prefix) : len(Prefix)+randomLen]
		if checksum(random) != in[len(Prefix)+randomLen:] {
			t.Fatalf("checksum mismatch accepted: %q", in)
		}
	})
}
