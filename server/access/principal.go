package access

import (
	"context"
	"sort"
)

// Principal is whoever is making a request: a console user or (with TokenID set) an API
// token, with the permissions of its role.
type Principal struct {
	UserID  int64
	TokenID int64
	// OnBehalfOf is, for a token, the user who created it: the person who acts through it.
	OnBehalfOf int64
	// PartnerID is the partner a user or token belongs to (0: the organisation's own). Such
	// a caller sees and changes only that partner's objects.
	PartnerID int64
	Email     string
	Name      string
	RoleID    int64
	RoleName  string
	// All is true for a role holding every permission (Administrator).
	All         bool
	Permissions map[string]bool
}

// orgPermission reports whether perm is the organisation's alone: a partner's user or token never holds them,
// whatever its role, since they change what every partner lives under (the settings, the
// roles and the catalog, the partners themselves).
func orgPermission(perm string) bool {
	switch perm {
	case "settings:write", "roles:write", "partners:write":
		return true
	}
	return false
}

// Has reports whether p holds perm.
func (p *Principal) Has(perm string) bool {
	switch {
	case p == nil:
		return false
	case p.PartnerID != 0 && orgPermission(perm):
		return false
	}
	return p.All || p.Permissions[perm]
}

// Person returns the user who acts: the signed-in user, or the creator of the token (0 when
// there is none).
func (p *Principal) Person() int64 {
	switch {
	case p == nil:
		return 0
	case p.UserID > 0:
		return p.UserID
	}
	return p.OnBehalfOf
}

// PermissionList returns p's permissions, sorted.
func (p *Principal) PermissionList() []string {
	out := make([]string, 0, len(p.Permissions))
	for k := range p.Permissions {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal of ctx, or nil when the caller is anonymous.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
