package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/keyward/keyward/graph/generated"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/errs"
)

// Directives implements the schema's access directives, once for every field.
func Directives() generated.DirectiveRoot {
	return generated.DirectiveRoot{
		Public: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
			return next(ctx)
		},
		Authenticated: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
			if access.PrincipalFrom(ctx) == nil {
				return nil, errs.Unauthenticatedf("sign in first")
			}
			return next(ctx)
		},
		HasPermission: func(ctx context.Context, _ any, next graphql.Resolver, permission string) (any, error) {
			p := access.PrincipalFrom(ctx)
			if p == nil {
				return nil, errs.Unauthenticatedf("sign in first")
			}
			if !p.Has(permission) {
				return nil, &errs.Error{Kind: errs.Forbidden, Message: "Insufficient permissions to access this resource", Field: ""}
			}
			return next(ctx)
		},
	}
}
