package tokens

import (
	"crypto/rand"
	"crypto/sha256"
	"hash/crc32"
	"math/big"
	"unsafe"
)

// The token string: "kw_" + 43 base62 characters of randomness (32 bytes) + 6 base62
// characters of the CRC32 of those 43, so that a mistyped or truncated token is refused
// before any database lookup.
const (
	Prefix      = "kw_"
	randomLen   = 43
	checksumLen = 6
	// Len is the length of a whole token string.
	Len = len(Prefix) + randomLen + checksumLen
)

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Secret is a whole token string, as shown once to its holder.
type Secret string

// Hash is the SHA-256 of a token string: the only form kept at rest.
type Hash [sha256.Size]byte

// NewSecret returns a fresh random token string.
func NewSecret() (Secret, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	random := encodeFixed(new(big.Int).SetBytes(b[:]), randomLen)
	return Secret(Prefix + random + checksum(random)), nil
}

// encodeFixed writes n in base62, left-padded with zeros to width characters.
func encodeFixed(n *big.Int, width int) string {
	out := make([]byte, width)
	base := big.NewInt(62)
	mod := new(big.Int)
	for i := width - 1; i >= 0; i-- {
		n.DivMod(n, base, mod)
		out[i] = alphabet[mod.Int64()]
	}
	return string(out)
}

// checksum is the CRC32 of the random part in 6 base62 characters.
func checksum(random string) string {
	sum := checksumOf(random)
	return string(sum[:])
}

// checksumOf is checksum without allocating, for the verification path.
func checksumOf(random string) (out [checksumLen]byte) {
	c := crc32.ChecksumIEEE(bytesOf(random))
	for i := checksumLen - 1; i >= 0; i-- {
		out[i] = alphabet[c%62]
		c /= 62
	}
	return out
}

// bytesOf views s as bytes without copying, for functions that only read their input
// (CRC32, SHA-256): it saves the verification path a copy of the token per request.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

var isBase62 = func() (t [256]bool) {
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = true
	}
	return
}()

// WellFormed reports whether s has the prefix, the length, only base62 characters and a
// checksum that matches: a cheap check done before any lookup.
func WellFormed(s string) bool {
	if len(s) != Len || s[:len(Prefix)] != Prefix {
		return false
	}
	for i := len(Prefix); i < Len; i++ {
		if !isBase62[s[i]] {
			return false
		}
	}
	sum := checksumOf(s[len(Prefix) : len(Prefix)+randomLen])
	return string(sum[:]) == s[len(Prefix)+randomLen:] // compared without allocating
}

// HashOf returns the SHA-256 of a token string.
func HashOf(s string) Hash { return sha256.Sum256(bytesOf(s)) }

// Hint is how a token is shown after creation: "kw_AbCd…wxyz".
func Hint(s Secret) string {
	return string(s[:len(Prefix)+4]) + "…" + string(s[len(s)-4:])
}
