package signin

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSealedKeysOpenOnlyWithTheirSecretAndKid(t *testing.T) {
	secret, other := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	sealed, err := seal(secret, "kid-a", priv.Seed())
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(sealed)
	if bytes.Contains(raw, priv.Seed()) {
		t.Fatal("the private key is stored in the clear")
	}
	got, err := unseal(secret, "kid-a", sealed)
	if err != nil || !got.Equal(priv) {
		t.Fatalf("unseal: %v", err)
	}
	if _, err := unseal(other, "kid-a", sealed); err == nil {
		t.Fatal("opened with another secret key")
	}
	if _, err := unseal(secret, "kid-b", sealed); err == nil {
		t.Fatal("opened under another kid")
	}
	if _, err := seal(secret[:16], "kid-a", priv.Seed()); err == nil {
		t.Fatal("sealed with a 16-byte secret")
	}
}

func TestSecretKeyFile(t *testing.T) {
	dir := t.TempDir()
	if f := SecretFile("sqlite:" + filepath.Join(dir, "k.db")); f != filepath.Join(dir, "k.db.secret") {
		t.Fatalf("sqlite: %s", f)
	}
	if f := SecretFile("sqlite::memory:"); f != "" {
		t.Fatalf("memory: %q", f)
	}
	if f := SecretFile("postgres://x/y"); f != "keyward-secret.key" {
		t.Fatalf("postgres: %s", f)
	}
	file := filepath.Join(dir, "k.db.secret")
	a, err := SecretKey(nil, file)
	if err != nil || len(a) != 32 {
		t.Fatalf("made: %v %d", err, len(a))
	}
	st, _ := os.Stat(file)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	b, err := SecretKey(nil, file)
	if err != nil || !bytes.Equal(a, b) {
		t.Fatalf("read back: %v", err)
	}
	conf := bytes.Repeat([]byte{7}, 32)
	if c, _ := SecretKey(conf, file); !bytes.Equal(c, conf) {
		t.Fatal("the configured key does not win")
	}
	_ = os.WriteFile(file, []byte("short"), 0o600)
	if _, err := SecretKey(nil, file); err == nil || !strings.Contains(err.Error(), "32 bytes") {
		t.Fatalf("a bad file: %v", err)
	}
}

func TestPublishedKeys(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	keys := []key{{kid: "a", activeFrom: t0}, {kid: "b", activeFrom: t0.Add(24 * time.Hour)}, {kid: "c", activeFrom: t0.Add(48 * time.Hour)}}
	kids := func(now time.Time) string {
		var s []string
		for _, k := range published(keys, now) {
			s = append(s, k.kid)
		}
		return strings.Join(s, ",")
	}
	for _, c := range []struct {
		at   time.Duration
		want string
	}{
		{0, "a,b,c"}, // a signs; b and c are published ahead
		{24*time.Hour + 30*time.Minute, "a,b,c"},
		{25*time.Hour + publishSlack + time.Second, "b,c"},
		{49*time.Hour + publishSlack + time.Second, "c"},
	} {
		if got := kids(t0.Add(c.at)); got != c.want {
			t.Errorf("at +%v: %s, want %s", c.at, got, c.want)
		}
	}
}
