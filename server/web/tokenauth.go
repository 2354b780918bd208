package web

import (
	"context"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/tokens"
)

// The contract's error messages.
const (
	msgInvalidToken = "invalid or expired token"
	msgIPNotAllowed = "request IP is not whitelisted for this token"
	msgNoPermission = "Insufficient permissions to access this resource"
	msgTwoTokens    = "send the token in X-Auth-Token or in Authorization: Bearer, not two different ones"
	msgNotBearer    = "the Authorization header must use the Bearer scheme"
)

// presentedToken reads the token from X-Auth-Token or Authorization: Bearer. present is
// false when neither header is there; conflict when both carry different tokens.
func presentedToken(r *http.Request) (tok string, present, conflict bool) {
	x := strings.TrimSpace(r.Header.Get("X-Auth-Token"))
	auth := strings.TrimSpace(r.Header.Get("Authorization"))
	var b string
	if auth != "" {
		if len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
			b = strings.TrimSpace(auth[7:])
		} else {
			// Another scheme: present, and no token we can use.
			b = auth
		}
	}
	switch {
	case x == "" && b == "":
		return "", false, false
	case x != "" && b != "" && x != b:
		return "", true, true
	case x != "":
		return x, true, false
	default:
		return b, true, false
	}
}

// tokenAuth is the outcome of checking a presented token.
type tokenAuth struct {
	id     *tokens.Identity
	reason tokens.Reason
}

// authenticateToken verifies tok from ip and counts a refusal for the audit trail or a
// success in the usage batch.
func authenticateToken(ctx context.Context, d Deps, tok string, ip netip.Addr) (tokenAuth, error) {
	id, reason, err := d.Tokens.Verify(ctx, tok, ip)
	if err != nil {
		return tokenAuth{}, err
	}
	if reason != tokens.OK {
		d.Tokens.Refuse(ctx, id, reason, tok, ip)
		return tokenAuth{id: id, reason: reason}, nil
	}
	d.Usage.Record(id.TokenID, d.Clock.Now(), ip)
	return tokenAuth{id: id}, nil
}

func principalOf(id *tokens.Identity) *access.Principal {
	return &access.Principal{TokenID: id.TokenID, OnBehalfOf: id.CreatorID, Name: id.Name, RoleID: id.RoleID, RoleName: id.RoleName, All: id.All, Permissions: id.Perms}
}

func tokenActor(id *tokens.Identity, ip netip.Addr, ua string) audit.Actor {
	a := audit.Actor{Type: audit.ActorToken, ID: strconv.FormatInt(id.TokenID, 10), Label: id.Name, UserAgent: ua}
	if ip.IsValid() {
		a.IP = ip.String()
	}
	return a
}
