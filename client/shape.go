package client

import (
	"hash/crc32"
	"strings"
)

// shape is what a presented string looks like before anyone is asked about it.
type shape int

const (
	shapeMalformed shape = iota
	// shapeToken: a well-formed Keyward API token.
	shapeToken
	// shapeJWT: something shaped like a JWS in compact form, as Keyward's access tokens are.
	shapeJWT
)

// The API token string: "kw_" + 43 base62 characters of randomness + 6 base62 characters of
// the CRC32 of those 43. A string that is not one is refused without asking Keyward.
const (
	tokenPrefix = "kw_"
	randomLen   = 43
	checksumLen = 6
	tokenLen    = len(tokenPrefix) + randomLen + checksumLen
	alphabet    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

var isBase62 = func() (t [256]bool) {
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = true
	}
	return
}()

func shapeOf(s string) shape {
	switch {
	case wellFormed(s):
		return shapeToken
	case looksLikeJWT(s):
		return shapeJWT
	}
	return shapeMalformed
}

// wellFormed reports whether s has the API token's prefix, length, alphabet and checksum.
func wellFormed(s string) bool {
	if len(s) != tokenLen || s[:len(tokenPrefix)] != tokenPrefix {
		return false
	}
	for i := len(tokenPrefix); i < tokenLen; i++ {
		if !isBase62[s[i]] {
			return false
		}
	}
	c := crc32.ChecksumIEEE(bytesOf(s[len(tokenPrefix) : len(tokenPrefix)+randomLen]))
	for i := tokenLen - 1; i >= tokenLen-checksumLen; i-- {
		if s[i] != alphabet[c%62] {
			return false
		}
		c /= 62
	}
	return true
}

// looksLikeJWT is Keyward's own test of a JWT access token: a JSON header ("eyJ"), three
// parts, a bounded length.
func looksLikeJWT(s string) bool {
	return len(s) > 20 && len(s) <= maxTokenLen && strings.HasPrefix(s, "eyJ") && strings.Count(s, ".") == 2
}
