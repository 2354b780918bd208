// Package loaders batches the relations that GraphQL resolves object by object (a user's
// role, a role's permissions…) into one query per relation per request.
package loaders

import (
	"context"
	"net/http"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/approvals"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/tokens"
	"github.com/vikstrous/dataloadgen"
)

// Loaders are the loaders of one request.
type Loaders struct {
	Role              *dataloadgen.Loader[int64, *db.Role]
	RolePermissions   *dataloadgen.Loader[int64, []string]
	RoleUserCount     *dataloadgen.Loader[int64, int]
	ModulePermissions *dataloadgen.Loader[string, []db.Permission]
}

const wait = 2 * time.Millisecond

// New builds a fresh set of loaders over the access service.
func New(a *access.Service) *Loaders {
	l := &Loaders{}
	l.Role = dataloadgen.NewLoader(func(ctx context.Context, ids []int64) ([]*db.Role, []error) {
		roles, err := a.RolesByID(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		errsOut := make([]error, len(ids))
		for i, r := range roles {
			if r == nil {
				errsOut[i] = errs.NotFoundf("no role with id %d", ids[i])
			}
		}
		return roles, errsOut
	}, dataloadgen.WithWait(wait))
	l.RolePermissions = dataloadgen.NewLoader(func(ctx context.Context, ids []int64) ([][]string, []error) {
		roles, err := a.RolesByID(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		perms, err := a.PermissionsOfRoles(ctx, roles)
		if err != nil {
			return nil, []error{err}
		}
		return perms, nil
	}, dataloadgen.WithWait(wait))
	l.RoleUserCount = dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int64) (map[int64]int, error) {
		counts, err := a.UserCounts(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if _, ok := counts[id]; !ok {
				counts[id] = 0
			}
		}
		return counts, nil
	}, dataloadgen.WithWait(wait))
	l.ModulePermissions = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []string) (map[string][]db.Permission, error) {
		m, err := a.PermissionsByModule(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				m[k] = []db.Permission{}
			}
		}
		return m, nil
	}, dataloadgen.WithWait(wait))
	return l
}

type ctxKey struct{}

// Middleware gives every request its own loaders.
func Middleware(a *access.Service, t *tokens.Service, ap *approvals.Service, p *partners.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), ctxKey{}, New(a))
		ctx = context.WithValue(ctx, partnersKey{}, NewPartners(p))
		ctx = context.WithValue(ctx, tokensKey{}, NewTokens(t))
		ctx = context.WithValue(ctx, askedKey{}, NewAsked(ap))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// For returns the loaders of ctx's request (fresh ones outside a request).
func For(ctx context.Context, a *access.Service) *Loaders {
	if l, ok := ctx.Value(ctxKey{}).(*Loaders); ok {
		return l
	}
	return New(a)
}
