// Package signin owns the API sign-ins of scripts and apps: a login with a user's password
// (and emailed code) gives a one-hour access token, a JWT signed with a key of the keyring,
// and a refresh token that rotates on every use. A sign-in (the family of its refresh and
// access tokens) ends at logout, when a used refresh token comes back, when its user is
// disabled, deleted or given a new password, and at its absolute limit (a setting).
package signin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// Lifetimes of what a sign-in hands out.
const (
	// AccessTokenLifetime is how long an access token works (expires_in).
	AccessTokenLifetime = time.Hour
	// RefreshLifetime is how long a refresh token works unused; each use gives a new one for
	// as long again, within the sign-in's absolute limit.
	RefreshLifetime = 30 * 24 * time.Hour
	// refreshPrefix marks Keyward's refresh tokens (secret scanners look for it).
	refreshPrefix = "kwr_"
	refreshLen    = len(refreshPrefix) + 43 // 32 random bytes, base64url
)

// Errors the HTTP layer answers as the contract says.
var (
	// ErrCodeRequired: the password was right and the user signs in with an emailed code,
	// which was sent: the login is sent again with it.
	ErrCodeRequired = errors.New("a code was sent to your email: send the login again with it as \"code\"")
	// ErrInvalidRefresh: the refresh token is unknown, used, expired or of an ended sign-in.
	ErrInvalidRefresh = errors.New("invalid or expired refresh token")
	// ErrNotSignIn: logout was asked with an API token, which has no sign-in to end.
	ErrNotSignIn = errors.New("logout ends an API sign-in: present its access token, not an API token")
)

// Service signs users in over the API.
type Service struct {
	db       *db.DB
	clock    clock.Clock
	access   *access.Service
	tokens   *tokens.Service
	keys     *Keyring
	refusals *audit.Refusals
	issuer   string
	// limit reads the absolute lifetime of a new sign-in (the setting).
	limit func(ctx context.Context) (time.Duration, error)
}

// New returns the service. issuer is the iss of every access token (Keyward's base URL).
func New(d *db.DB, c clock.Clock, a *access.Service, t *tokens.Service, keys *Keyring, refusals *audit.Refusals,
	issuer string, limit func(ctx context.Context) (time.Duration, error)) *Service {
	s := &Service{db: d, clock: c, access: a, tokens: t, keys: keys, refusals: refusals, issuer: issuer, limit: limit}
	t.UseSignIns(s.identity)
	a.OnUserEnd(s.endUser)
	a.OnUserChange(s.forgetUser)
	return s
}

// Keys returns the keyring (the JWKS endpoint reads it).
func (s *Service) Keys() *Keyring { return s.keys }

// User is the signed-in user as the login answers it.
type User struct {
	ID          string   `json:"id"`
	Email       string   `json:"email"`
	Name        string   `json:"name"`
	Role        string   `json:"role"`
	Permissions []string `json:"permissions"`
	TenantID    *string  `json:"tenant_id"`
}

// Grant is what a login or a refresh hands out.
type Grant struct {
	AccessToken  string
	ExpiresIn    int
	RefreshToken string
	User         User
}

// Attempt is one API login.
type Attempt struct {
	Email, Password, Code string
	IP                    netip.Addr
	UserAgent             string
}

// Login checks the credentials as the console's login does (throttled alike) and starts a
// sign-in. A user who signs in with an emailed code gets ErrCodeRequired (the code is sent)
// and sends the login again with it.
func (s *Service) Login(ctx context.Context, a Attempt) (*Grant, error) {
	now := s.clock.Now()
	life, err := s.limit(ctx)
	if err != nil {
		return nil, err
	}
	var si *db.SignIn
	var refresh string
	u, codeSent, err := s.access.SignIn(ctx, access.Attempt{Email: a.Email, Password: a.Password, Code: a.Code, IP: ipString(a.IP), Via: "api",
		Then: func(ctx context.Context, tx bun.Tx, u *db.User) (map[string]any, error) {
			si = &db.SignIn{UserID: u.ID, IP: ipString(a.IP), UserAgent: clip(a.UserAgent, 300), CreatedAt: now, ExpiresAt: now.Add(life)}
			if _, err := tx.NewInsert().Model(si).Returning("id").Exec(ctx); err != nil {
				return nil, fmt.Errorf("sign-in: start: %w", err)
			}
			var err error
			refresh, err = newRefresh(ctx, tx, si, now)
			return map[string]any{"signInId": strconv.FormatInt(si.ID, 10)}, err
		}})
	switch {
	case err != nil:
		return nil, err
	case codeSent:
		return nil, ErrCodeRequired
	}
	return s.grant(ctx, u.ID, si, refresh, now)
}

// grant signs an access token of si for its user and puts the answer together.
func (s *Service) grant(ctx context.Context, userID int64, si *db.SignIn, refresh string, now time.Time) (*Grant, error) {
	p, err := s.access.PrincipalForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	perms := p.PermissionList()
	if p.All {
		perms = []string{"*"}
	}
	var tenant *string
	if p.PartnerID != 0 {
		t := strconv.FormatInt(p.PartnerID, 10)
		tenant = &t
	}
	exp := now.Add(AccessTokenLifetime)
	if si.ExpiresAt.Before(exp) {
		exp = si.ExpiresAt
	}
	ky, err := s.keys.signing(ctx, now)
	if err != nil {
		return nil, err
	}
	std := jwt.Claims{Issuer: s.issuer, Subject: strconv.FormatInt(userID, 10), ID: randomID(),
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(exp)}
	c := claims{SignIn: strconv.FormatInt(si.ID, 10), Role: p.RoleName, Permissions: perms, Email: p.Email}
	if tenant != nil {
		c.TenantID = *tenant
	}
	raw, err := jwt.Signed(ky.signer).Claims(std).Claims(c).Serialize()
	if err != nil {
		return nil, fmt.Errorf("sign-in: sign: %w", err)
	}
	return &Grant{AccessToken: raw, ExpiresIn: int(exp.Sub(now) / time.Second), RefreshToken: refresh,
		User: User{ID: strconv.FormatInt(userID, 10), Email: p.Email, Name: p.Name, Role: p.RoleName, Permissions: perms, TenantID: tenant}}, nil
}

// claims are Keyward's own claims of an access token, beside the registered ones (iss sub
// exp iat jti).
type claims struct {
	SignIn      string   `json:"sid"`
	Role        string   `json:"role"`
	Permissions []string `json:"permissions"`
	TenantID    string   `json:"tenant_id,omitempty"`
	Email       string   `json:"email,omitempty"`
}

// newRefresh makes a refresh token of si, working for RefreshLifetime within the sign-in's
// limit, and stores its hash.
func newRefresh(ctx context.Context, tx bun.Tx, si *db.SignIn, now time.Time) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	secret := refreshPrefix + base64.RawURLEncoding.EncodeToString(b)
	exp := now.Add(RefreshLifetime)
	if si.ExpiresAt.Before(exp) {
		exp = si.ExpiresAt
	}
	rt := &db.RefreshToken{SignInID: si.ID, Hash: hashOf(secret), CreatedAt: now, ExpiresAt: exp}
	if _, err := tx.NewInsert().Model(rt).Exec(ctx); err != nil {
		return "", fmt.Errorf("sign-in: store refresh token: %w", err)
	}
	return secret, nil
}

func hashOf(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// wellFormedRefresh reports whether s could be a refresh token at all (checked before any
// lookup).
func wellFormedRefresh(s string) bool {
	if len(s) != refreshLen || s[:len(refreshPrefix)] != refreshPrefix {
		return false
	}
	for _, c := range []byte(s[len(refreshPrefix):]) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Refresh trades a refresh token for a new access token and a new refresh token. A refresh
// token works once: presenting one already used (replayed, or sent twice at once) ends the
// whole sign-in, its newer refresh token and its access tokens with it, since Keyward
// cannot tell the rightful holder from a thief. Of concurrent refreshes of one token exactly
// one succeeds.
func (s *Service) Refresh(ctx context.Context, secret string, ip netip.Addr) (*Grant, error) {
	now := s.clock.Now()
	if !wellFormedRefresh(secret) {
		s.refused(ctx, "malformed", ip)
		return nil, ErrInvalidRefresh
	}
	var (
		si      = new(db.SignIn)
		refresh string
		outcome string // "" granted; else why refused
		ended   bool   // this request ended the sign-in
	)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		refresh, outcome, ended = "", "", false
		rt := new(db.RefreshToken)
		if err := tx.NewSelect().Model(rt).Where("hash = ?", hashOf(secret)).Scan(ctx); isNoRows(err) {
			outcome = "unknown"
			return nil
		} else if err != nil {
			return err
		}
		if err := tx.NewSelect().Model(si).Where("id = ?", rt.SignInID).Scan(ctx); err != nil {
			return err
		}
		switch {
		case si.EndedAt != nil:
			outcome = "ended"
			return nil
		case rt.UsedAt != nil:
			outcome = "reused"
		case !now.Before(rt.ExpiresAt) || !now.Before(si.ExpiresAt):
			outcome = "expired"
			return nil
		}
		if outcome == "" {
			res, err := tx.NewUpdate().Model(rt).Set("used_at = ?", now).Where("id = ? AND used_at IS NULL", rt.ID).Exec(ctx)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				outcome = "reused" // a concurrent request used it first
			}
		}
		if outcome == "reused" {
			ended = true
			return s.end(ctx, tx, si, "refresh_token_reused", now, ip)
		}
		var err error
		if refresh, err = newRefresh(ctx, tx, si, now); err != nil {
			return err
		}
		si.LastRefreshedAt = &now
		if _, err := tx.NewUpdate().Model(si).WherePK().Column("last_refreshed_at").Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, s.event(si, "signin.refresh", audit.Success, ip, nil))
	})
	if err != nil {
		return nil, fmt.Errorf("sign-in: refresh: %w", err)
	}
	if ended {
		s.tokens.Cache().Invalidate(tokens.SignInKey(si.ID))
	}
	if outcome != "" {
		if !ended {
			s.refused(ctx, outcome, ip)
		}
		return nil, ErrInvalidRefresh
	}
	return s.grant(ctx, si.UserID, si, refresh, now)
}

// refused counts a refused refresh for the audit trail and the address's limiter, without a
// write on the request's path (as a refused token is).
func (s *Service) refused(ctx context.Context, reason string, ip netip.Addr) {
	actor := &audit.Actor{Type: audit.ActorAnonymous}
	if ip.IsValid() {
		actor.IP = ip.String()
	}
	s.refusals.Add(ctx, audit.Event{Action: "signin.refresh", Outcome: audit.Failure, Actor: actor, DetailsJSON: `{"reason":"` + reason + `"}`})
	s.tokens.Strike(ip)
}

// event is an audit event about sign-in si, acted by its user.
func (s *Service) event(si *db.SignIn, action, outcome string, ip netip.Addr, details map[string]any) audit.Event {
	actor := &audit.Actor{Type: audit.ActorUser, ID: strconv.FormatInt(si.UserID, 10)}
	if ip.IsValid() {
		actor.IP = ip.String()
	}
	return audit.Event{Action: action, Outcome: outcome, Actor: actor, TargetType: "sign_in",
		TargetID: strconv.FormatInt(si.ID, 10), Details: details}
}

// end ends sign-in si in tx, for reason, with its audit event (signin.reuse for a replayed
// refresh token, else signin.end).
func (s *Service) end(ctx context.Context, tx bun.Tx, si *db.SignIn, reason string, now time.Time, ip netip.Addr) error {
	if _, err := tx.NewUpdate().Model(si).Set("ended_at = ?", now).Set("end_reason = ?", reason).
		WherePK().Where("ended_at IS NULL").Exec(ctx); err != nil {
		return err
	}
	action, outcome := "signin.end", audit.Success
	if reason == "refresh_token_reused" {
		action, outcome = "signin.reuse", audit.Failure
	}
	return audit.Record(ctx, tx, now, s.event(si, action, outcome, ip, map[string]any{"reason": reason, "ended": true}))
}

// Logout ends the sign-in of the presented access token: its refresh token and every access
// token of it stop working at once, on every replica.
func (s *Service) Logout(ctx context.Context, id *tokens.Identity, ip netip.Addr) error {
	if id.SignInID == 0 {
		return ErrNotSignIn
	}
	now := s.clock.Now()
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		si := &db.SignIn{ID: id.SignInID, UserID: id.UserID}
		if _, err := tx.NewUpdate().Model(si).Set("ended_at = ?", now).Set("end_reason = ?", "logout").
			WherePK().Where("ended_at IS NULL").Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, s.event(si, "signin.logout", audit.Success, ip, nil))
	})
	if err != nil {
		return fmt.Errorf("sign-in: logout: %w", err)
	}
	s.tokens.Cache().Invalidate(tokens.SignInKey(id.SignInID))
	return nil
}

// endUser ends every live sign-in of a user, inside the transaction that disables, deletes or
// re-passwords them.
func (s *Service) endUser(ctx context.Context, tx bun.Tx, userID int64, reason string) error {
	now := s.clock.Now()
	res, err := tx.NewUpdate().Model((*db.SignIn)(nil)).Set("ended_at = ?", now).Set("end_reason = ?", reason).
		Where("user_id = ? AND ended_at IS NULL AND expires_at > ?", userID, now).Exec(ctx)
	if err != nil {
		return fmt.Errorf("sign-in: end the user's sign-ins: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return audit.Record(ctx, tx, now, audit.Event{Action: "signin.end", TargetType: "user", TargetID: strconv.FormatInt(userID, 10),
			Details: map[string]any{"reason": reason, "count": n}})
	}
	return nil
}

// forgetUser drops what the cache holds of the user's recent sign-ins (its role or state
// changed), here and on every replica.
func (s *Service) forgetUser(userID int64) {
	var ids []int64
	ctx := context.Background()
	since := s.clock.Now().Add(-AccessTokenLifetime - time.Minute)
	err := s.db.NewSelect().Model((*db.SignIn)(nil)).Column("id").Where("user_id = ?", userID).
		Where("expires_at > ? AND (ended_at IS NULL OR ended_at > ?)", since, since).Scan(ctx, &ids)
	if err != nil {
		// Unknown which: forget every cached credential rather than keep a stale one.
		s.tokens.Cache().InvalidateAll()
		return
	}
	for _, id := range ids {
		s.tokens.Cache().Invalidate(tokens.SignInKey(id))
	}
}

// identity checks an access token and returns what it stands for: nil when it is not one of
// Keyward's (malformed, another algorithm, unknown key, bad signature, another issuer, no
// such sign-in). An ended sign-in or a user who can no longer sign in gives a revoked
// identity. Expiry is left to tokens.Check, which applies it to the cached identity too.
func (s *Service) identity(ctx context.Context, raw string) (*tokens.Identity, error) {
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{Algorithm})
	if err != nil || len(tok.Headers) != 1 {
		return nil, nil
	}
	pub := s.keys.public(ctx, tok.Headers[0].KeyID)
	if pub == nil {
		return nil, nil
	}
	var std jwt.Claims
	var c claims
	if err := tok.Claims(pub, &std, &c); err != nil {
		return nil, nil
	}
	sid, err := strconv.ParseInt(c.SignIn, 10, 64)
	if err != nil || std.Issuer != s.issuer || std.Expiry == nil || std.ID == "" {
		return nil, nil
	}
	si := new(db.SignIn)
	if err := s.db.NewSelect().Model(si).Where("id = ?", sid).Scan(ctx); isNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("sign-in: load: %w", err)
	}
	if strconv.FormatInt(si.UserID, 10) != std.Subject {
		return nil, nil
	}
	exp := std.Expiry.Time()
	id := &tokens.Identity{SignInID: si.ID, UserID: si.UserID, JTI: std.ID, Name: "API sign-in", Hint: hint(raw), ExpiresAt: &exp}
	if si.EndedAt != nil || !s.clock.Now().Before(si.ExpiresAt) {
		id.Revoked = true
	}
	p, err := s.access.PrincipalForUser(ctx, si.UserID)
	switch {
	case err == nil:
	case errs.Is(err, errs.Unauthenticated): // disabled or deleted since
		id.Revoked = true
		return id, nil
	default:
		return nil, err
	}
	id.Email, id.PartnerID, id.RoleID, id.RoleName = p.Email, p.PartnerID, p.RoleID, p.RoleName
	id.Grant(p.All, p.Permissions)
	return id, nil
}

// hint shows an access token the way a token's hint does: enough to tell two apart, nothing
// that would let anyone use it.
func hint(raw string) string { return raw[:4] + "…" + raw[len(raw)-4:] }

func ipString(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	return ip.String()
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
