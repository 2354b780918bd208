package client

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The checks of JWT access tokens made offline.
const (
	// jwtLeeway forgives clocks this far apart on exp and nbf.
	jwtLeeway = 5 * time.Second
	// keysRefetchGap is how often an unknown kid may make the client fetch the JWKS again.
	keysRefetchGap = 5 * time.Second
	// keysMaxAge is how old the fetched JWKS may get before it is fetched again in the
	// background: less than the 5 minutes Keyward publishes a new key before signing with it,
	// so that the key is known here first; and a key Keyward stops publishing stops
	// verifying here.
	keysMaxAge = 4 * time.Minute
	// signInsOnlineFor is how long the access tokens of an invalidated sign-in are verified
	// online rather than offline, and maxOnlineSignIns how many such sign-ins are remembered.
	signInsOnlineFor = time.Hour
	maxOnlineSignIns = 100_000
	// accessTokenName is what Keyward calls an API sign-in's access token.
	accessTokenName = "API sign-in"
)

var b64 = base64.RawURLEncoding.Strict()

type jwsHeader struct {
	Alg  string          `json:"alg"`
	Kid  string          `json:"kid"`
	Typ  string          `json:"typ"`
	Crit json.RawMessage `json:"crit"`
}

type jwtClaims struct {
	Iss         string   `json:"iss"`
	Sub         string   `json:"sub"`
	Jti         string   `json:"jti"`
	Exp         *float64 `json:"exp"`
	Nbf         *float64 `json:"nbf"`
	Iat         *float64 `json:"iat"`
	Sid         string   `json:"sid"`
	Role        string   `json:"role"`
	Permissions []string `json:"permissions"`
	TenantID    string   `json:"tenant_id"`
	Email       string   `json:"email"`
}

// parsedJWT is a JWS in compact form, split and decoded but not yet verified.
type parsedJWT struct {
	header    jwsHeader
	claims    jwtClaims
	signed    string // header.payload, what the signature covers
	signature []byte
}

// parseJWT splits and decodes raw; ok is false when it is not a JWS Keyward could have
// signed: malformed, another algorithm than EdDSA (none, HS256, RS256…), a critical header
// extension, another type, no kid. Nothing about the signature is looked at.
func parseJWT(raw string) (p parsedJWT, ok bool) {
	h, rest, _ := strings.Cut(raw, ".")
	payload, sig, _ := strings.Cut(rest, ".")
	hb, err := b64.DecodeString(h)
	if err != nil || json.Unmarshal(hb, &p.header) != nil {
		return p, false
	}
	if p.header.Alg != "EdDSA" || p.header.Crit != nil || p.header.Kid == "" ||
		(p.header.Typ != "" && !strings.EqualFold(p.header.Typ, "JWT")) {
		return p, false
	}
	pb, err := b64.DecodeString(payload)
	if err != nil || json.Unmarshal(pb, &p.claims) != nil {
		return p, false
	}
	if p.signature, err = b64.DecodeString(sig); err != nil || len(p.signature) != ed25519.SignatureSize {
		return p, false
	}
	p.signed = raw[:len(h)+1+len(payload)]
	return p, true
}

func unixTime(f float64) time.Time {
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9))
}

// offline checks a JWT access token with Keyward's public keys. decided is false when it is
// to be verified online: the stream cannot vouch that its sign-in is live (the stream is
// down, the sign-in was invalidated lately, the token was issued before the latest flush)
// or the keys cannot be fetched. sid is the token's sign-in, read before any check, only to
// index the cache for invalidation.
func (c *Client) offline(ctx context.Context, raw string, k cacheKey, now time.Time) (v *Verdict, sid string, decided bool) {
	epoch := c.cache.epoch.Load()
	p, ok := parseJWT(raw)
	if !ok {
		c.stats.local.Add(1)
		return verdictUnknown, "", true
	}
	cl := &p.claims
	sid = cl.Sid
	if !c.events || !c.healthy(now) || sid == "" || cl.Iat == nil ||
		int64(*cl.Iat) <= c.flushedAt.Load() || c.online.has(sid, now) {
		return nil, sid, false
	}
	pub, err := c.publicKey(ctx, p.header.Kid, now)
	if err != nil {
		return nil, sid, false
	}
	c.stats.offline.Add(1)
	switch {
	case pub == nil, !ed25519.Verify(pub, bytesOf(p.signed), p.signature),
		cl.Iss != c.issuer, cl.Exp == nil, cl.Jti == "", cl.Sub == "",
		cl.Nbf != nil && unixTime(*cl.Nbf).After(now.Add(jwtLeeway)):
		v = verdictUnknown
	case !now.Before(unixTime(*cl.Exp).Add(jwtLeeway)):
		v = verdictExpired
	default:
		exp := unixTime(*cl.Exp).UTC()
		perms := cl.Permissions
		if perms == nil {
			perms = []string{}
		}
		v = &Verdict{
			Valid:       true,
			Token:       Token{ID: cl.Jti, Name: accessTokenName, Hint: hint(raw)},
			Role:        Role{Name: cl.Role},
			Permissions: perms,
			ExpiresAt:   &exp,
			TenantID:    cl.TenantID,
			User:        &User{ID: cl.Sub, Email: cl.Email},
			Subject:     Subject{UserID: cl.Sub, TenantID: cl.TenantID},
			grant:       c.grants.of(perms),
			memo:        &memo{},
			sid:         sid,
		}
	}
	if v.Valid {
		c.cacheVerdict(k, v, sid, epoch, now)
	} else {
		// A bad signature is dear to check again: remembered as a refusal is.
		c.stats.local.Add(1)
		c.cacheVerdict(k, v, sid, epoch, now)
	}
	return v, sid, true
}

// keyring holds Keyward's public keys, fetched from its JWKS.
type keyring struct {
	mu      sync.RWMutex
	keys    map[string]ed25519.PublicKey
	fetched time.Time

	// fetch serialises fetches; tried and err are the latest attempt's.
	fetch      sync.Mutex
	tried      time.Time
	err        error
	refreshing atomic.Bool
}

func (kr *keyring) find(kid string) (ed25519.PublicKey, time.Time) {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	return kr.keys[kid], kr.fetched
}

// publicKey returns Keyward's public key kid (nil: Keyward does not publish it). An unknown
// kid fetches the JWKS again, at most once per keysRefetchGap; err says the JWKS could not
// be fetched.
func (c *Client) publicKey(ctx context.Context, kid string, now time.Time) (ed25519.PublicKey, error) {
	kr := &c.keys
	if pub, fetched := kr.find(kid); pub != nil {
		if now.Sub(fetched) > keysMaxAge && kr.refreshing.CompareAndSwap(false, true) {
			go func() {
				defer kr.refreshing.Store(false)
				kr.fetch.Lock()
				defer kr.fetch.Unlock()
				_ = c.fetchKeys(context.Background(), c.now())
			}()
		}
		return pub, nil
	}
	kr.fetch.Lock()
	defer kr.fetch.Unlock()
	if pub, _ := kr.find(kid); pub != nil {
		return pub, nil
	}
	if !kr.tried.IsZero() && now.Sub(kr.tried) < keysRefetchGap {
		return nil, kr.err
	}
	if err := c.fetchKeys(ctx, now); err != nil {
		return nil, err
	}
	pub, _ := kr.find(kid)
	return pub, nil
}

type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
}

// fetchKeys reads GET /.well-known/jwks.json; the caller holds kr.fetch.
func (c *Client) fetchKeys(ctx context.Context, now time.Time) (err error) {
	kr := &c.keys
	defer func() { kr.tried, kr.err = now, err }()
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/.well-known/jwks.json", nil)
	if err != nil {
		return fmt.Errorf("keyward: jwks: %w", err)
	}
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := c.do(req, "jwks", &set); err != nil {
		if !errors.Is(err, ErrUnavailable) {
			err = fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		c.log.Warn("keyward: cannot fetch the public keys of access tokens", "err", err)
		return err
	}
	keys := make(map[string]ed25519.PublicKey, len(set.Keys))
	for _, k := range set.Keys {
		if k.Kty != "OKP" || k.Crv != "Ed25519" || k.Kid == "" || (k.Alg != "" && k.Alg != "EdDSA") || (k.Use != "" && k.Use != "sig") {
			continue
		}
		x, err := b64.DecodeString(k.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			continue
		}
		keys[k.Kid] = ed25519.PublicKey(x)
	}
	kr.mu.Lock()
	kr.keys, kr.fetched = keys, now
	kr.mu.Unlock()
	return nil
}

// signIns are the sign-ins whose access tokens are verified online for a while, since one
// of their changes (a sign-out, a role change) was heard.
type signIns struct {
	mu    sync.Mutex
	until map[string]time.Time
}

func (s *signIns) add(sids []string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.until == nil {
		s.until = map[string]time.Time{}
	}
	for _, sid := range sids {
		if len(s.until) >= maxOnlineSignIns {
			for k, t := range s.until {
				if now.After(t) {
					delete(s.until, k)
				}
			}
			// Still full: forget one at random (map order), whose tokens then go offline
			// again once the stream vouches for them.
			for k := range s.until {
				if len(s.until) < maxOnlineSignIns {
					break
				}
				delete(s.until, k)
			}
		}
		s.until[sid] = now.Add(signInsOnlineFor)
	}
}

func (s *signIns) has(sid string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.until[sid]
	if ok && now.After(t) {
		delete(s.until, sid)
		return false
	}
	return ok
}
