package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/graph/loaders"
	"github.com/keyward/keyward/server/tokens"
	"github.com/vikstrous/dataloadgen"
)

// A list resolver primes the request's loaders with what the operation asks of the rows of its
// page, one query per relation, before GraphQL resolves the rows one by one: each row then
// finds its role, whitelist or partner in its loader at once. The loaders alone would batch
// the same relations, but by time (whatever arrives within a few milliseconds), so a busy
// machine could split one page's relation into several queries; primed, a page of 100 runs as
// many statements as a page of 10.

// selection is what an operation asks of one object: each field, by name (aliases merged),
// with the selections below it.
type selection map[string][]graphql.CollectedField

// asked returns what the operation asks below the field being resolved, along path (edges,
// node…), fragments and @include included. Outside an operation it asks nothing.
func asked(ctx context.Context, path ...string) selection {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return selection{}
	}
	return collect(ctx, graphql.CollectFieldsCtx(ctx, nil)).below(ctx, path...)
}

func collect(ctx context.Context, fields []graphql.CollectedField) selection {
	s := selection{}
	for _, f := range fields {
		s[f.Name] = append(s[f.Name], f)
	}
	return s
}

// below is the selection along path.
func (s selection) below(ctx context.Context, path ...string) selection {
	for _, name := range path {
		var next []graphql.CollectedField
		for _, f := range s[name] {
			next = append(next, graphql.CollectFields(graphql.GetOperationContext(ctx), f.Selections, nil)...)
		}
		s = collect(ctx, next)
	}
	return s
}

// has reports whether any of names is asked.
func (s selection) has(names ...string) bool {
	for _, n := range names {
		if len(s[n]) > 0 {
			return true
		}
	}
	return false
}

// batch runs fns at once and returns the first error.
func batch(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// ids returns the distinct non-nil ids of rows.
func ids[T any](rows []T, id func(*T) *int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for i := range rows {
		if p := id(&rows[i]); p != nil && !seen[*p] {
			seen[*p] = true
			out = append(out, *p)
		}
	}
	return out
}

// primeRoles loads the roles of ids into the request's role loader and, when sel asks for
// what needs them, their permissions.
func (r *Resolver) primeRoles(ctx context.Context, ids []int64, sel selection) error {
	if len(ids) == 0 {
		return nil
	}
	l := loaders.For(ctx, r.Access)
	roles, err := r.Access.RolesByID(ctx, ids)
	if err != nil {
		return err
	}
	for i, role := range roles {
		if role != nil {
			l.Role.Prime(ids[i], role)
		}
	}
	if !sel.has("permissions", "grantable", "missingPermissions") {
		return nil
	}
	perms, err := r.Access.PermissionsOfRoles(ctx, roles)
	if err != nil {
		return err
	}
	for i, role := range roles {
		if role != nil {
			l.RolePermissions.Prime(ids[i], perms[i])
		}
	}
	return nil
}

// primePartners loads the partners of ids into the request's partner loader; one the caller
// may not see is primed as none.
func (r *Resolver) primePartners(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	ps, err := r.Partners.PartnersByID(ctx, ids)
	return primeAll(loaders.Partners(ctx, r.Partners).Partner, ids, ps, err)
}

// primeAll primes l with what m, read in one query, holds for each of ids (the zero value for
// one it left out).
func primeAll[V any](l *dataloadgen.Loader[int64, V], ids []int64, m map[int64]V, err error) error {
	if err != nil {
		return err
	}
	for _, id := range ids {
		l.Prime(id, m[id])
	}
	return nil
}

// primeTokens loads, one query per relation, what sel (a token's selection) asks of ts.
func (r *Resolver) primeTokens(ctx context.Context, ts []db.Token, sel selection) error {
	if len(ts) == 0 {
		return nil
	}
	tids := ids(ts, func(t *db.Token) *int64 { return &t.ID })
	tl := loaders.Tokens(ctx, r.Tokens)
	var fns []func() error
	if sel.has("role") {
		fns = append(fns, func() error {
			return r.primeRoles(ctx, ids(ts, func(t *db.Token) *int64 { return &t.RoleID }), sel.below(ctx, "role"))
		})
	}
	if sel.has("whitelist") {
		fns = append(fns, func() error {
			ws, err := r.Tokens.Whitelists(ctx, tids)
			if err != nil {
				return err
			}
			var pending []int64
			for _, id := range tids {
				tl.Whitelist.Prime(id, append([]db.WhitelistEntry{}, ws[id]...))
				for _, e := range ws[id] {
					if e.Status == tokens.EntryPending {
						pending = append(pending, e.ID)
					}
				}
			}
			if len(pending) == 0 || !sel.below(ctx, "whitelist").has("approvers") {
				return nil
			}
			asked, err := r.Approvals.Asked(ctx, pending)
			if err != nil {
				return err
			}
			l := loaders.Asked(ctx, r.Approvals)
			for _, id := range pending {
				l.Prime(id, append([]string{}, asked[id]...))
			}
			return nil
		})
	}
	if sel.has("previousSecretExpiresAt") {
		fns = append(fns, func() error {
			m, err := r.Tokens.PreviousSecretExpiry(ctx, tids)
			return primeAll(tl.PreviousSecret, tids, m, err)
		})
	}
	if apps := ids(ts, func(t *db.Token) *int64 { return t.ApplicationID }); len(apps) > 0 && sel.has("application") {
		fns = append(fns, func() error {
			as, err := r.Partners.ApplicationsByID(ctx, apps)
			return primeAll(loaders.Partners(ctx, r.Partners).Application, apps, as, err)
		})
	}
	if sel.has("partner") {
		fns = append(fns, func() error { return r.primePartners(ctx, ids(ts, func(t *db.Token) *int64 { return t.PartnerID })) })
	}
	return batch(fns...)
}

// primeUsers loads, one query per relation, what sel (a user's selection) asks of us.
func (r *Resolver) primeUsers(ctx context.Context, us []db.User, sel selection) error {
	var fns []func() error
	if sel.has("role") {
		fns = append(fns, func() error {
			return r.primeRoles(ctx, ids(us, func(u *db.User) *int64 { return &u.RoleID }), sel.below(ctx, "role"))
		})
	}
	if sel.has("partner") {
		fns = append(fns, func() error { return r.primePartners(ctx, ids(us, func(u *db.User) *int64 { return u.PartnerID })) })
	}
	return batch(fns...)
}
