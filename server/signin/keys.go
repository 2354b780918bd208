package signin

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/clock"
)

// Algorithm is the one signature algorithm of access tokens: Ed25519 (EdDSA). A token
// claiming any other (none, HS256, RS256, …) is refused before its signature is looked at.
const Algorithm = jose.EdDSA

// The lifetimes of what the keyring publishes.
const (
	// reloadEvery is how stale a process's copy of the keys may get: a key added elsewhere
	// (keyward keys rotate) is seen within it, and RotateDelay waits longer than it.
	reloadEvery = time.Minute
	// RotateDelay is how long a new key is published before it signs, so that every replica
	// and every resource server caching the JWKS knows it before it meets a token it signed.
	RotateDelay = 5 * time.Minute
	// publishSlack keeps a replaced key published a little past the expiry of the last token
	// it can have signed (a replica that had not yet reloaded).
	publishSlack = 2 * reloadEvery
	// missReloadGap is how often an unknown kid may make a process re-read the keys.
	missReloadGap = time.Second
)

// key is one signing key as the keyring holds it.
type key struct {
	kid        string
	activeFrom time.Time
	public     ed25519.PublicKey
	// private is nil when the key cannot be unsealed with this process's secret key.
	private ed25519.PrivateKey
	signer  jose.Signer
}

// Keyring holds the signing keys, read from the database: the newest active one signs, and
// every one verifies and is published while tokens it signed may still live.
type Keyring struct {
	db     *db.DB
	clock  clock.Clock
	secret []byte
	log    *slog.Logger

	mu       sync.RWMutex
	keys     []key // by activeFrom, oldest first
	loadedAt time.Time
	jwks     []byte
	jwksAt   time.Time

	reload     sync.Mutex
	lastReload time.Time
}

// NewKeyring returns a keyring over d whose private keys are sealed with secret (32 bytes).
func NewKeyring(d *db.DB, c clock.Clock, secret []byte, log *slog.Logger) *Keyring {
	return &Keyring{db: d, clock: c, secret: secret, log: log}
}

// Start loads the keys and, when none can sign here now, makes one that signs at once: at the
// first start, or when the keys were sealed with another secret key (then an ERROR says so,
// and the keys made elsewhere still verify the tokens they signed).
func (k *Keyring) Start(ctx context.Context) error {
	if err := k.load(ctx); err != nil {
		return err
	}
	if _, err := k.signing(ctx, k.clock.Now()); err == nil {
		return nil
	}
	k.mu.RLock()
	sealed := 0
	for _, ky := range k.keys {
		if ky.private == nil {
			sealed++
		}
	}
	k.mu.RUnlock()
	if sealed > 0 {
		k.log.Error("signing keys: none of the stored keys opens with this secret key; a new one is made (set the same KEYWARD_SECRET_KEY on every replica)", "keys", sealed)
	}
	if _, err := AddKey(ctx, k.db, k.secret, k.clock.Now(), 0); err != nil {
		return err
	}
	return k.load(ctx)
}

// AddKey makes a new signing key, published at once and signing from now+delay, and stores
// it sealed with secret. It returns the stored row (its private key sealed).
func AddKey(ctx context.Context, d *db.DB, secret []byte, now time.Time, delay time.Duration) (*db.SigningKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("signing keys: generate: %w", err)
	}
	kid := newKID(now)
	sealed, err := seal(secret, kid, priv.Seed())
	if err != nil {
		return nil, err
	}
	row := &db.SigningKey{KID: kid, Algorithm: string(Algorithm), PublicKey: base64.StdEncoding.EncodeToString(pub),
		PrivateKey: sealed, ActiveFrom: now.Add(delay).UTC(), CreatedAt: now.UTC()}
	if _, err := d.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
		return nil, fmt.Errorf("signing keys: store: %w", err)
	}
	return row, nil
}

// newKID names a key: its creation date and random letters, so that kids sort by age in a
// listing and never collide.
func newKID(now time.Time) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return now.UTC().Format("20060102") + "-" + base64.RawURLEncoding.EncodeToString(b)
}

// seal encrypts a private key seed with AES-256-GCM under secret, the kid as additional
// data (a sealed key moved to another row does not open).
func seal(secret []byte, kid string, seed []byte) (string, error) {
	gcm, err := gcmOf(secret)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("signing keys: nonce: %w", err)
	}
	return base64.StdEncoding.EncodeToString(gcm.Seal(nonce, nonce, seed, []byte(kid))), nil
}

var errSealed = errors.New("signing keys: the key does not open with this secret key")

func unseal(secret []byte, kid, sealed string) (ed25519.PrivateKey, error) {
	gcm, err := gcmOf(secret)
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(b) < gcm.NonceSize() {
		return nil, errSealed
	}
	seed, err := gcm.Open(nil, b[:gcm.NonceSize()], b[gcm.NonceSize():], []byte(kid))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errSealed
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func gcmOf(secret []byte) (cipher.AEAD, error) {
	if len(secret) != 32 {
		return nil, errors.New("signing keys: the secret key must be 32 bytes")
	}
	block, err := aes.NewCipher(secret)
	if err != nil {
		return nil, fmt.Errorf("signing keys: %w", err)
	}
	return cipher.NewGCM(block)
}

// load reads every key, unsealing what opens with this process's secret key.
func (k *Keyring) load(ctx context.Context) error {
	var rows []db.SigningKey
	if err := k.db.NewSelect().Model(&rows).Order("active_from", "id").Scan(ctx); err != nil {
		return fmt.Errorf("signing keys: load: %w", err)
	}
	keys := make([]key, 0, len(rows))
	for _, r := range rows {
		pub, err := base64.StdEncoding.DecodeString(r.PublicKey)
		if err != nil || len(pub) != ed25519.PublicKeySize || r.Algorithm != string(Algorithm) {
			k.log.Error("signing keys: a stored key is unreadable and is left out", "kid", r.KID)
			continue
		}
		ky := key{kid: r.KID, activeFrom: r.ActiveFrom, public: ed25519.PublicKey(pub)}
		if priv, err := unseal(k.secret, r.KID, r.PrivateKey); err == nil {
			ky.private = priv
			ky.signer, err = jose.NewSigner(jose.SigningKey{Algorithm: Algorithm, Key: jose.JSONWebKey{Key: priv, KeyID: r.KID}},
				(&jose.SignerOptions{}).WithType("JWT"))
			if err != nil {
				return fmt.Errorf("signing keys: signer: %w", err)
			}
		}
		keys = append(keys, ky)
	}
	k.mu.Lock()
	k.keys, k.loadedAt, k.jwks = keys, time.Now(), nil
	k.mu.Unlock()
	return nil
}

// fresh re-reads the keys when this copy is older than reloadEvery.
func (k *Keyring) fresh(ctx context.Context) {
	k.mu.RLock()
	stale := time.Since(k.loadedAt) > reloadEvery
	k.mu.RUnlock()
	if !stale {
		return
	}
	k.reload.Lock()
	defer k.reload.Unlock()
	k.mu.RLock()
	stale = time.Since(k.loadedAt) > reloadEvery
	k.mu.RUnlock()
	if stale {
		if err := k.load(ctx); err != nil {
			// The copy in hand keeps serving; the next request tries again.
			k.log.WarnContext(ctx, "signing keys: reload", "err", err)
		}
	}
}

// signing returns the key that signs at now: the newest active one this process can open.
func (k *Keyring) signing(ctx context.Context, now time.Time) (key, error) {
	k.fresh(ctx)
	k.mu.RLock()
	defer k.mu.RUnlock()
	for i := len(k.keys) - 1; i >= 0; i-- {
		if ky := k.keys[i]; !ky.activeFrom.After(now) && ky.signer != nil {
			return ky, nil
		}
	}
	return key{}, errors.New("signing keys: no active key opens with this secret key")
}

// public returns the public key of kid (nil: no such key). An unknown kid re-reads the keys,
// at most once per missReloadGap, since another replica may have just made it.
func (k *Keyring) public(ctx context.Context, kid string) ed25519.PublicKey {
	k.fresh(ctx)
	if p := k.find(kid); p != nil {
		return p
	}
	k.reload.Lock()
	defer k.reload.Unlock()
	if p := k.find(kid); p != nil {
		return p
	}
	if time.Since(k.lastReload) < missReloadGap {
		return nil
	}
	k.lastReload = time.Now()
	if err := k.load(ctx); err != nil {
		k.log.WarnContext(ctx, "signing keys: reload", "err", err)
		return nil
	}
	return k.find(kid)
}

func (k *Keyring) find(kid string) ed25519.PublicKey {
	k.mu.RLock()
	defer k.mu.RUnlock()
	for _, ky := range k.keys {
		if ky.kid == kid {
			return ky.public
		}
	}
	return nil
}

// published returns the keys of the JWKS at now: the ones not yet active (so that resource
// servers know them first), the one signing, and the older ones while a token they signed may
// still be live (AccessTokenLifetime after their successor took over, and a little more).
func published(keys []key, now time.Time) []key {
	var out []key
	for i, ky := range keys {
		if i+1 < len(keys) && !keys[i+1].activeFrom.After(now.Add(-AccessTokenLifetime-publishSlack)) {
			continue // replaced long enough ago that every token it signed has expired
		}
		out = append(out, ky)
	}
	return out
}

// JWKS returns the JSON Web Key Set of the published public keys, rendered once a minute.
func (k *Keyring) JWKS(ctx context.Context) ([]byte, error) {
	k.fresh(ctx)
	now := k.clock.Now()
	k.mu.RLock()
	b, at := k.jwks, k.jwksAt
	k.mu.RUnlock()
	if b != nil && now.Sub(at) < reloadEvery && !now.Before(at) {
		return b, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{}}
	for _, ky := range published(k.keys, now) {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: ky.public, KeyID: ky.kid, Algorithm: string(Algorithm), Use: "sig"})
	}
	b, err := json.Marshal(set)
	if err != nil {
		return nil, fmt.Errorf("signing keys: render the JWKS: %w", err)
	}
	k.jwks, k.jwksAt = b, now
	return b, nil
}

// KeyInfo describes a stored key for keyward keys list.
type KeyInfo struct {
	KID        string
	ActiveFrom time.Time
	CreatedAt  time.Time
	// State is "signing", "next" (published, not yet signing), "published" (replaced, its
	// tokens may still be live) or "retired".
	State string
}

// ListKeys describes every stored key at now, oldest first.
func ListKeys(ctx context.Context, d *db.DB, now time.Time) ([]KeyInfo, error) {
	var rows []db.SigningKey
	if err := d.NewSelect().Model(&rows).Order("active_from", "id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("signing keys: list: %w", err)
	}
	keys := make([]key, len(rows))
	for i, r := range rows {
		keys[i] = key{kid: r.KID, activeFrom: r.ActiveFrom}
	}
	pub := published(keys, now)
	signing := ""
	for i := len(keys) - 1; i >= 0; i-- {
		if !keys[i].activeFrom.After(now) {
			signing = keys[i].kid
			break
		}
	}
	out := make([]KeyInfo, len(rows))
	for i, r := range rows {
		st := "retired"
		switch {
		case r.KID == signing:
			st = "signing"
		case r.ActiveFrom.After(now):
			st = "next"
		case slices.ContainsFunc(pub, func(k key) bool { return k.kid == r.KID }):
			st = "published"
		}
		out[i] = KeyInfo{KID: r.KID, ActiveFrom: r.ActiveFrom, CreatedAt: r.CreatedAt, State: st}
	}
	return out, nil
}

// Reload re-reads the keys now (keyward keys rotate made one in another process; tests).
func (k *Keyring) Reload(ctx context.Context) error { return k.load(ctx) }
