package signin

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// NewSecret returns 32 random bytes in base64: a value for KEYWARD_SECRET_KEY.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// SecretFile is where the secret key is kept when KEYWARD_SECRET_KEY is not set: beside the
// SQLite database (keyward.db.secret), or keyward-secret.key in the working directory on
// Postgres. "" for an in-memory database, whose keys die with it.
func SecretFile(databaseURL string) string {
	path, ok := strings.CutPrefix(databaseURL, "sqlite:")
	switch {
	case !ok:
		return "keyward-secret.key"
	case path == ":memory:" || path == "":
		return ""
	}
	return strings.TrimPrefix(path, "//") + ".secret"
}

// SecretKey returns the key that seals the signing keys: configured, or read from file (made
// there, readable by its owner only, at the first start). file "" gives a new random key.
func SecretKey(configured []byte, file string) ([]byte, error) {
	if configured != nil {
		return configured, nil
	}
	if file == "" {
		b := make([]byte, 32)
		_, err := rand.Read(b)
		return b, err
	}
	if b, err := readSecret(file); !errors.Is(err, fs.ErrNotExist) {
		return b, err
	}
	// Written aside, then linked into place: a process starting at the same moment reads
	// either no file or a whole one.
	s := NewSecret()
	tmp := fmt.Sprintf("%s.%d.tmp", file, os.Getpid())
	if err := os.WriteFile(tmp, []byte(s+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("secret key: create %s (or set KEYWARD_SECRET_KEY): %w", file, err)
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, file); errors.Is(err, fs.ErrExist) {
		return readSecret(file) // another process made it first
	} else if err != nil {
		return nil, fmt.Errorf("secret key: create %s (or set KEYWARD_SECRET_KEY): %w", file, err)
	}
	return base64.StdEncoding.DecodeString(s)
}

func readSecret(file string) ([]byte, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("secret key: %s must hold 32 bytes in base64 (as keyward keys secret prints)", file)
	}
	return b, nil
}
