package graph

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/keyward/keyward/graph/generated"
	"github.com/keyward/keyward/graph/loaders"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits bound the cost of one operation.
const (
	MaxDepth      = 12
	MaxComplexity = 2000
)

// NewHandler serves the GraphQL API: JSON POST only (so no form or GET can mutate),
// introspection for signed-in callers only, depth and complexity limits, loaders per request.
// Refused operations are counted in refusals, which writes them to the audit trail.
func NewHandler(res *Resolver, log *slog.Logger, refusals *audit.Refusals) http.Handler {
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: res, Directives: Directives()}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(accessLimits{})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.SetErrorPresenter(ErrorPresenter(log, refusals))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		log.ErrorContext(ctx, "graphql: panic", "panic", fmt.Sprint(v))
		return fmt.Errorf("panic: %v", v)
	})
	return loaders.Middleware(res.Access, res.Tokens, res.Approvals, srv)
}

// accessLimits allows introspection only to signed-in callers and refuses operations nested
// deeper than MaxDepth.
type accessLimits struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = accessLimits{}

func (accessLimits) ExtensionName() string                   { return "AccessLimits" }
func (accessLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (accessLimits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	oc.DisableIntrospection = access.PrincipalFrom(ctx) == nil
	if oc.Operation == nil {
		return nil
	}
	if d := depth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0, map[string]bool{}); d > MaxDepth {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the operation is nested %d deep; the limit is %d", d, MaxDepth),
			Extensions: map[string]any{"code": "BAD_USER_INPUT"},
		}
	}
	return nil
}

func depth(set ast.SelectionSet, frags ast.FragmentDefinitionList, level int, seen map[string]bool) int {
	max := level
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				d = level + 1
			} else {
				d = depth(s.SelectionSet, frags, level+1, seen)
			}
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, frags, level, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			if f := frags.ForName(s.Name); f != nil {
				seen[s.Name] = true
				d = depth(f.SelectionSet, frags, level, seen)
				delete(seen, s.Name)
			}
		}
		if d > max {
			max = d
		}
	}
	return max
}
