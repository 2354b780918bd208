package access

import (
	"context"
	"fmt"
	"strings"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// The rule that keeps Keyward from being climbed: nobody gives, takes or acts through more
// than they hold. Every operation on a token, user, role or module that grants, changes or
// ends permissions asks HoldsGrant or HoldsRole first, with the caller of the context, so that
// the rule is written here once and not in each resolver.

// system is the caller of work Keyward starts itself (the CLI, jobs, start-up): it holds
// everything.
func system() *Principal {
	return &Principal{All: true, RoleName: "system", Permissions: map[string]bool{}}
}

// Caller returns who acts in ctx: the request's principal; with none, the system when no
// request is being served (the CLI and jobs set no audit actor), or nil for an anonymous
// request, which holds nothing.
func Caller(ctx context.Context) *Principal {
	if p := PrincipalFrom(ctx); p != nil {
		return p
	}
	if audit.ActorFrom(ctx).Type == audit.ActorSystem {
		return system()
	}
	return nil
}

// EveryPermission is what Lacks reports for a grant of every permission, now and later (the
// Administrator role), which only a holder of every permission has.
const EveryPermission = "every permission"

// Lacks returns what p lacks of a grant: the permissions perms or, when all is set,
// EveryPermission. A nil p (an anonymous caller) holds nothing.
func (p *Principal) Lacks(all bool, perms []string) []string {
	switch {
	case p != nil && p.All:
		return nil
	case all:
		return []string{EveryPermission}
	}
	var missing []string
	for _, perm := range perms {
		if !p.Has(perm) {
			missing = append(missing, perm)
		}
	}
	return missing
}

// Forbidden is the refusal of an act beyond the caller's grant, naming what is missing.
func Forbidden(field, act string, missing []string) error {
	return &errs.Error{Kind: errs.Forbidden, Field: field, Message: fmt.Sprintf("you cannot %s: %s", act, lackText(missing))}
}

func lackText(missing []string) string {
	if len(missing) == 1 && missing[0] == EveryPermission {
		return "it grants every permission, now and later, and only a holder of every permission may"
	}
	shown := missing
	more := ""
	if len(shown) > 6 {
		shown, more = shown[:6], fmt.Sprintf(" and %d more", len(missing)-6)
	}
	return "you do not hold " + strings.Join(shown, ", ") + more
}

// HoldsGrant refuses, naming field and the act, unless the caller of ctx holds every
// permission of the grant (all: every permission, now and later).
func HoldsGrant(ctx context.Context, field, act string, all bool, perms []string) error {
	c := Caller(ctx)
	if c == nil {
		return errs.Unauthenticatedf("sign in first")
	}
	if missing := c.Lacks(all, perms); len(missing) > 0 {
		return Forbidden(field, act, missing)
	}
	return nil
}

// HoldsRole refuses unless the caller of ctx holds everything the role with id grants, and
// returns the role. act says what the caller tries ("regenerate the token Billing"); field
// names the input at fault, if any. A missing role is bad input in field (or "roleId").
func (s *Service) HoldsRole(ctx context.Context, idb bun.IDB, id int64, field, act string) (*db.Role, error) {
	if idb == nil {
		idb = s.db
	}
	r, err := roleByID(ctx, idb, id)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			if field == "" {
				field = "roleId"
			}
			return nil, errs.InvalidField(field, "the role does not exist")
		}
		return nil, wrap("role", err)
	}
	if c := Caller(ctx); c != nil && c.All {
		return r, nil
	}
	perms, err := s.permissionsOf(ctx, idb, r)
	if err != nil {
		return nil, err
	}
	return r, HoldsGrant(ctx, field, act, r.AllPermissions, perms)
}

// permissionsOf reads what role r grants through idb (inside a transaction when there is one).
func (s *Service) permissionsOf(ctx context.Context, idb bun.IDB, r *db.Role) ([]string, error) {
	var perms []string
	q := idb.NewSelect().Model((*db.RolePermission)(nil)).Column("permission").Where("role_id = ?", r.ID).OrderExpr("permission")
	if r.AllPermissions {
		q = idb.NewSelect().Model((*db.Permission)(nil)).Column("name").OrderExpr("name")
	}
	if err := q.Scan(ctx, &perms); err != nil {
		return nil, wrap("role permissions", err)
	}
	return perms, nil
}

// Scope narrows q to what the caller of ctx may see of a table whose partner is in column
// (see audit.Scope, which it is).
func Scope(ctx context.Context, q *bun.SelectQuery, column string) *bun.SelectQuery {
	return audit.Scope(ctx, q, column)
}

// PartnerOf returns the partner of the caller of ctx (nil for the organisation's own), as
// Scope reads it.
func PartnerOf(ctx context.Context) *int64 {
	if id := audit.ActorFrom(ctx).PartnerID; id != 0 {
		return &id
	}
	return nil
}

// SamePartner refuses, as if it did not exist, an object of another partner than the caller's
// (what names it, for the message): for objects read by id without Scope.
func SamePartner(ctx context.Context, partnerID *int64, what string) error {
	own := PartnerOf(ctx)
	if own == nil {
		return nil
	}
	if partnerID == nil || *partnerID != *own {
		return errs.NotFoundf("no %s with that id", what)
	}
	return nil
}
