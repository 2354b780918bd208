package access

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/keyward/keyward/server/errs"
	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/argon2"
)

// OWASP's argon2id parameters: 19 MiB of memory, 2 iterations, 1 lane.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password length bounds, in characters.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// PasswordRule is the rule for new passwords, as the console shows it.
const PasswordRule = "12 to 256 characters, hard to guess (no common word, pattern or sequence on its own), and not containing your email or name"

// minStrength is the least zxcvbn score a new password needs: 3 means more than 10^8 guesses,
// enough behind argon2id against an offline attack and far beyond an online one.
const minStrength = 3

// ValidatePassword checks a new password and names field in the error: its length, no control
// characters, not containing the email or name of its user (personal), and hard to guess as
// zxcvbn estimates it (common passwords, words, keyboard patterns, sequences, repeats, dates,
// and the personal facts given).
func ValidatePassword(field, pw string, personal ...string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLen {
		return errs.InvalidField(field, "password must be at least %d characters", MinPasswordLen)
	}
	if n > MaxPasswordLen {
		return errs.InvalidField(field, "password must be at most %d characters", MaxPasswordLen)
	}
	for _, r := range pw {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return errs.InvalidField(field, "password must not contain control characters")
		}
	}
	lower := strings.ToLower(pw)
	inputs := []string{"keyward"}
	for _, p := range personal {
		// An email counts by its local part (the domain is shared by everyone), and by the
		// words of it; a name by its words.
		p, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(p)), "@")
		words := strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		for _, part := range append(words, p) {
			n := utf8.RuneCountInString(part)
			if n >= 4 && strings.Contains(lower, part) {
				return errs.InvalidField(field, "password must not contain your email or name")
			}
			if n >= 3 {
				inputs = append(inputs, part)
			}
		}
	}
	// zxcvbn's cost grows with the length; what follows the first 100 characters only adds.
	est := pw
	if n > 100 {
		est = string([]rune(pw)[:100])
	}
	if zxcvbn.PasswordStrength(est, inputs).Score < minStrength {
		return errs.InvalidField(field, "this password is too easy to guess (a common password, word, pattern or sequence): add a few unrelated words")
	}
	return nil
}

// HashPassword returns pw hashed with argon2id, in the PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("access: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC-encoded hash.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the email is unknown, so that an unknown account takes
// as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("keyward-timing-equaliser")
	if err != nil {
		panic(err)
	}
	return h
})
