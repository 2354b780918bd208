package tokens

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/jobs"
	"github.com/uptrace/bun"
)

// Reason says why a presented token was refused; the verify API returns it as "code".
type Reason string

// The reasons.
const (
	OK                      Reason = ""
	Malformed               Reason = "malformed"
	Unknown                 Reason = "unknown"
	Expired                 Reason = "expired"
	Revoked                 Reason = "revoked"
	IPNotAllowed            Reason = "ip_not_allowed"
	InsufficientPermissions Reason = "insufficient_permissions"
	// RateLimited: the client address was refused too often lately (429).
	RateLimited Reason = "rate_limited"
)

// Unauthorized reports whether r is a 401 (the token itself is no good) rather than a 403.
func (r Reason) Unauthorized() bool {
	return r == Malformed || r == Unknown || r == Expired || r == Revoked
}

// Verify checks a presented token string from the client IP ip. A well-formed token is
// looked up by its hash in the cache first, so a known token costs no database round trip.
// An address the limiter holds back is answered RateLimited before any lookup, unless it
// presents a valid token the cache knows. requireWhitelist comes from the settings in force.
func (s *Service) Verify(ctx context.Context, secret string, ip netip.Addr) (*Identity, Reason, error) {
	return s.VerifyAt(ctx, secret, ip, s.clock.Now())
}

// VerifyAt is Verify at now, read from the service's clock by a caller that reads it once
// per request.
func (s *Service) VerifyAt(ctx context.Context, secret string, ip netip.Addr, now time.Time) (*Identity, Reason, error) {
	jwt := s.signIns != nil && LooksLikeJWT(secret)
	// A token of the right shape is looked up in the cache before its checksum is checked:
	// only well-formed tokens are ever put there, so a hit vouches for it.
	shaped := jwt || len(secret) == Len && secret[:len(Prefix)] == Prefix
	var h Hash
	if shaped {
		h = HashOf(secret)
		if id, ok := s.cache.Get(h, now); ok {
			s.stats.CacheHits.Add(1)
			r, err := s.check(ctx, id, now, ip)
			if err != nil || r == OK {
				return id, r, err
			}
			if _, limited := s.limiter.Blocked(ip, now); !limited {
				return id, r, nil
			}
		}
	}
	if _, limited := s.limiter.Blocked(ip, now); limited {
		s.stats.Count(RateLimited)
		return nil, RateLimited, nil
	}
	if !jwt && !(shaped && WellFormed(secret)) {
		s.stats.Count(Malformed)
		return nil, Malformed, nil
	}
	// Here the cache had no answer: a hit was answered above.
	s.stats.CacheMisses.Add(1)
	var id *Identity
	var err error
	if jwt {
		id, err = s.signIns(ctx, secret)
	} else {
		id, err = s.load(ctx, h)
	}
	if err != nil {
		return nil, "", err
	}
	s.cache.Put(h, id, now)
	r, err := s.check(ctx, id, now, ip)
	return id, r, err
}

// check applies the rules and the settings in force to an identity, and counts the outcome.
func (s *Service) check(ctx context.Context, id *Identity, now time.Time, ip netip.Addr) (Reason, error) {
	pol, err := s.policy(ctx)
	if err != nil {
		return "", err
	}
	r := Check(id, now, ip, pol.RequireWhitelist)
	s.stats.Count(r)
	return r, nil
}

// RetryAfter is how long the limiter still holds ip back (0: it does not).
func (s *Service) RetryAfter(ip netip.Addr) time.Duration {
	d, _ := s.limiter.Blocked(ip, s.clock.Now())
	return d
}

// Check applies the rules to a loaded identity: revoked, expired (from the exact second),
// then the whitelist (only approved entries admit traffic).
func Check(id *Identity, now time.Time, ip netip.Addr, requireWhitelist bool) Reason {
	switch {
	case id == nil:
		return Unknown
	case id.Revoked:
		return Revoked
	case id.ExpiresAt != nil && !now.Before(*id.ExpiresAt):
		return Expired
	case id.SecretExpiresAt != nil && !now.Before(*id.SecretExpiresAt):
		return Expired
	}
	if id.SignInID != 0 || !id.HasWhitelist && !requireWhitelist {
		// A signed-in user is not held to a token's whitelist: none was ever set.
		return OK
	}
	ip = ip.Unmap()
	for _, p := range id.Allowed {
		if p.Contains(ip) {
			return OK
		}
	}
	return IPNotAllowed
}

// load reads a token's identity by secret hash; nil when no token has that secret.
func (s *Service) load(ctx context.Context, h Hash) (*Identity, error) {
	sec := new(db.TokenSecret)
	err := s.db.NewSelect().Model(sec).Where("hash = ?", hex.EncodeToString(h[:])).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap("verify", err)
	}
	t, err := tokenByID(ctx, s.db, sec.TokenID, false)
	if err != nil {
		return nil, err
	}
	p, err := s.access.PrincipalForRole(ctx, t.RoleID)
	if err != nil {
		return nil, err
	}
	id := &Identity{TokenID: t.ID, Name: t.Name, Hint: t.Hint, RoleID: p.RoleID, RoleName: p.RoleName,
		ExpiresAt: t.ExpiresAt, SecretExpiresAt: sec.ExpiresAt, Revoked: t.RevokedAt != nil}
	id.Grant(p.All, p.Permissions)
	var es []db.WhitelistEntry
	if err := s.db.NewSelect().Model(&es).Where("token_id = ?", t.ID).Scan(ctx); err != nil {
		return nil, wrap("verify whitelist", err)
	}
	id.HasWhitelist = len(es) > 0
	if t.CreatedByID != nil {
		id.CreatorID = *t.CreatedByID
	}
	if t.PartnerID != nil {
		id.PartnerID = *t.PartnerID
	}
	if t.ApplicationID != nil && s.apps != nil {
		a, err := s.apps(ctx, *t.ApplicationID)
		if err != nil {
			return nil, err
		}
		id.App = &a
	}
	for _, e := range es {
		if e.Status != EntryApproved {
			continue
		}
		if pfx, err := netip.ParsePrefix(e.CIDR); err == nil {
			id.Allowed = append(id.Allowed, pfx)
		}
	}
	return id, nil
}

// Refuse counts a refused token use for the audit trail, with its reason and never the
// secret (an unknown token by its hint); id is the token when it is known. Nothing is written
// on the request's path: the refusals are written in batches, one event per reason, token or
// hint and client IP, with their count, so a flood of bad tokens costs no database write and
// a client that hangs up loses no record.
func (s *Service) Refuse(ctx context.Context, id *Identity, reason Reason, secret string, ip netip.Addr) {
	actor := &audit.Actor{Type: audit.ActorAnonymous}
	// Written by hand, as encoding/json would: a reason is a fixed word and a hint is base62
	// around an ellipsis, so nothing needs escaping, and a flood needs no reflection.
	e := audit.Event{Action: "token.use", Outcome: audit.Denied, Actor: actor, DetailsJSON: `{"reason":"` + string(reason) + `"}`}
	if reason.Unauthorized() {
		e.Outcome = audit.Failure
	}
	switch {
	case id != nil && id.SignInID != 0:
		actor.Type, actor.ID, actor.Label, actor.PartnerID = audit.ActorUser, strconv.FormatInt(id.UserID, 10), id.Email, id.PartnerID
		e.Action, e.TargetType, e.TargetID, e.TargetLabel = "signin.use", "sign_in", strconv.FormatInt(id.SignInID, 10), id.Email
	case id != nil:
		actor.Type, actor.ID, actor.Label, actor.PartnerID = audit.ActorToken, strconv.FormatInt(id.TokenID, 10), id.Name, id.PartnerID
		e.TargetType, e.TargetID, e.TargetLabel = "token", strconv.FormatInt(id.TokenID, 10), id.Name
	case reason == Unknown:
		e.DetailsJSON = `{"hint":"` + Hint(Secret(secret)) + `","reason":"` + string(reason) + `"}`
	}
	if ip.IsValid() {
		actor.IP = ip.String()
	}
	s.refusals.Add(ctx, e)
	if reason != RateLimited {
		s.limiter.Hit(ip, s.clock.Now())
	}
}

// LooksLikeJWT reports whether s has the shape of a compact JWS (three base64url parts, the
// first a JSON object), which Verify hands to the API sign-ins rather than to the tokens.
func LooksLikeJWT(s string) bool {
	return len(s) > 20 && len(s) <= MaxJWTLen && strings.HasPrefix(s, "eyJ") && strings.Count(s, ".") == 2
}

// MaxJWTLen bounds the access tokens Verify looks at: Keyward's own are well under it.
const MaxJWTLen = 8 << 10

// UseSignIns hands the access tokens of API sign-ins (JWTs) to load, which returns the
// identity of a valid one and nil for any other (bad signature, unknown key, ended sign-in).
// The answers are cached as tokens' are, under SignInKey.
func (s *Service) UseSignIns(load func(ctx context.Context, jwt string) (*Identity, error)) {
	s.signIns = load
}

// Strike counts a refused request from ip against the limiter, as a refused token is counted:
// a client that keeps presenting bad refresh tokens is held back like one presenting bad
// tokens.
func (s *Service) Strike(ip netip.Addr) { s.limiter.Hit(ip, s.clock.Now()) }

// Usage gathers successful token uses in memory and writes them in batches, so that the hot
// path never waits on a database write.
type Usage struct {
	mu      sync.Mutex
	pending map[useKey]*use
	d       *db.DB
}

// useKey is a token on a day (days since 1970, UTC): the uses of one batch are counted by day
// (token_use_days).
type useKey struct{ token, day int64 }

type use struct {
	at    time.Time
	ip    netip.Addr // made a string at the flush, not on every request
	count int64
}

// NewUsage returns an empty batcher writing to d.
func NewUsage(d *db.DB) *Usage { return &Usage{pending: map[useKey]*use{}, d: d} }

// Record notes one successful use.
func (u *Usage) Record(tokenID int64, at time.Time, ip netip.Addr) {
	k := useKey{tokenID, epochDay(at)}
	u.mu.Lock()
	p := u.pending[k]
	if p == nil {
		p = &use{}
		u.pending[k] = p
	}
	p.count++
	if !at.Before(p.at) {
		p.at = at
		if ip.IsValid() {
			p.ip = ip
		}
	}
	u.mu.Unlock()
}

// Flush writes what has gathered since the last flush.
func (u *Usage) Flush(ctx context.Context) error {
	u.mu.Lock()
	batch := u.pending
	u.pending = map[useKey]*use{}
	u.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	keys := sortedKeys(batch)
	err := u.d.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, k := range keys {
			id, p := k.token, batch[k]
			ip := ""
			if p.ip.IsValid() {
				ip = p.ip.String()
			}
			if _, err := tx.NewUpdate().Model((*db.Token)(nil)).
				Set("use_count = use_count + ?", p.count).
				Set("last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END", p.at, p.at).
				Set("last_used_ip = CASE WHEN last_used_at IS NULL OR last_used_at <= ? THEN ? ELSE last_used_ip END", p.at, ip).
				Where("id = ?", id).Exec(ctx); err != nil {
				return wrap("usage", err)
			}
		}
		return wrap("usage days", countDays(ctx, tx, usedDays(keys, batch)))
	})
	if err != nil {
		// Keep the counts for the next flush rather than lose them.
		u.mu.Lock()
		for k, p := range batch {
			q := u.pending[k]
			if q == nil {
				u.pending[k] = p
				continue
			}
			q.count += p.count
			if p.at.After(q.at) {
				q.at, q.ip = p.at, p.ip
			}
		}
		u.mu.Unlock()
	}
	return err
}

// Run flushes every interval until ctx ends, then once more (with a context of its own).
func (u *Usage) Run(ctx context.Context, interval time.Duration, onErr func(error)) {
	jobs.FlushEvery(ctx, interval, u.Flush, onErr)
}
