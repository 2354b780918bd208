package web

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/tokens"
)

// The contract's error messages.
const (
	msgInvalidToken = "invalid or expired token"
	msgIPNotAllowed = "request IP is not whitelisted for this token"
	msgNoPermission = "Insufficient permissions to access this resource"
	msgTwoTokens    = "send one token, in X-Auth-Token or in Authorization: Bearer, not two"
	msgNotBearer    = "the Authorization header must use the Bearer scheme"
)

// presentedToken reads the token from X-Auth-Token or Authorization: Bearer. present is
// false when neither header is there; conflict when more than one credential is: two values
// of one header, or both headers, which a request must never leave to the order they are read.
func presentedToken(r *http.Request) (tok string, present, conflict bool) {
	xs, as := r.Header["X-Auth-Token"], r.Header["Authorization"]
	switch {
	case len(xs) > 1 || len(as) > 1 || len(xs) == 1 && len(as) == 1:
		return "", true, true
	case len(xs) == 1:
		return strings.TrimSpace(xs[0]), true, false
	case len(as) == 1:
		auth := strings.TrimSpace(as[0])
		if len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
			return strings.TrimSpace(auth[7:]), true, false
		}
		// Another scheme: present, and no token we can use.
		return auth, true, false
	}
	return "", false, false
}

// tokenAuth is the outcome of checking a presented token.
type tokenAuth struct {
	id     *tokens.Identity
	reason tokens.Reason
	// now is when the token was checked.
	now time.Time
}

// authenticateToken verifies tok from ip and counts a refusal for the audit trail or a
// success in the usage batch.
func authenticateToken(ctx context.Context, d Deps, tok string, ip netip.Addr) (tokenAuth, error) {
	now := d.Clock.Now()
	id, reason, err := d.Tokens.VerifyAt(ctx, tok, ip, now)
	if err != nil {
		return tokenAuth{}, err
	}
	if reason != tokens.OK {
		d.Tokens.Refuse(ctx, id, reason, tok, ip)
		return tokenAuth{id: id, reason: reason, now: now}, nil
	}
	recordUse(d, id, now, ip)
	return tokenAuth{id: id, now: now}, nil
}

// recordUse counts a successful use of an API token (an API sign-in's access token has no
// usage columns to count in).
func recordUse(d Deps, id *tokens.Identity, now time.Time, ip netip.Addr) {
	if id.TokenID != 0 {
		d.Usage.Record(id.TokenID, now, ip)
	}
}

// principalOf is who acts with a verified credential: the token (for the person who made it),
// or the user of an API sign-in in person.
func principalOf(id *tokens.Identity) *access.Principal {
	if id.SignInID != 0 {
		return &access.Principal{UserID: id.UserID, Email: id.Email, PartnerID: id.PartnerID, RoleID: id.RoleID, RoleName: id.RoleName, All: id.All, Permissions: id.Perms}
	}
	return &access.Principal{TokenID: id.TokenID, OnBehalfOf: id.CreatorID, PartnerID: id.PartnerID, Name: id.Name, RoleID: id.RoleID, RoleName: id.RoleName, All: id.All, Permissions: id.Perms}
}

func tokenActor(id *tokens.Identity, ip netip.Addr, ua string) audit.Actor {
	a := audit.Actor{Type: audit.ActorToken, ID: strconv.FormatInt(id.TokenID, 10), Label: id.Name, UserAgent: ua, PartnerID: id.PartnerID}
	if id.SignInID != 0 {
		a.Type, a.ID, a.Label = audit.ActorUser, strconv.FormatInt(id.UserID, 10), id.Email
	}
	if ip.IsValid() {
		a.IP = ip.String()
	}
	return a
}
