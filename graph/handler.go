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
// Anonymous callers get a server of their own that suggests no field names, so that nobody
// learns the schema from "Did you mean …" before signing in.
// Refused operations are counted in refusals, which writes them to the audit trail.
func NewHandler(res *Resolver, log *slog.Logger, refusals *audit.Refusals) http.Handler {
	signedIn, anonymous := newServer(res, log, refusals, false), newServer(res, log, refusals, true)
	return loaders.Middleware(res.Access, res.Tokens, res.Approvals, res.Partners, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if access.PrincipalFrom(r.Context()) == nil {
			anonymous.ServeHTTP(w, r)
			return
		}
		signedIn.ServeHTTP(w, r)
	}))
}

func newServer(res *Resolver, log *slog.Logger, refusals *audit.Refusals, anonymous bool) *handler.Server {
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: res, Directives: Directives()}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetDisableSuggestion(anonymous)
	srv.Use(accessLimits{})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.SetErrorPresenter(ErrorPresenter(log, refusals))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		log.ErrorContext(ctx, "graphql: panic", "panic", fmt.Sprint(v))
		return fmt.Errorf("panic: %v", v)
	})
	return srv
}

// accessLimits offers introspection to signed-in callers only (an anonymous one is told to
// sign in) and refuses operations nested deeper than MaxDepth. Introspection does not count
// towards the depth: GraphiQL's own schema query is 14 deep, and the schema is finite.
type accessLimits struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = accessLimits{}

func (accessLimits) ExtensionName() string                   { return "AccessLimits" }
func (accessLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (accessLimits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	anonymous := access.PrincipalFrom(ctx) == nil
	oc.DisableIntrospection = anonymous
	if oc.Operation == nil {
		return nil
	}
	d, introspects := depth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0, map[string]bool{})
	if introspects && anonymous {
		return &gqlerror.Error{Message: "sign in to read the schema", Extensions: map[string]any{"code": "UNAUTHENTICATED"}}
	}
	if d > MaxDepth {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the operation is nested %d deep; the limit is %d", d, MaxDepth),
			Extensions: map[string]any{"code": "BAD_USER_INPUT"},
		}
	}
	return nil
}

// depth is how deeply set nests below level, leaving out introspection (__schema, __type),
// and whether it introspects at all.
func depth(set ast.SelectionSet, frags ast.FragmentDefinitionList, level int, seen map[string]bool) (int, bool) {
	max, introspects := level, false
	for _, sel := range set {
		var d int
		var in bool
		switch s := sel.(type) {
		case *ast.Field:
			switch {
			case s.Name == "__schema" || s.Name == "__type":
				d, in = level, true
			case len(s.SelectionSet) == 0:
				d = level + 1
			default:
				d, in = depth(s.SelectionSet, frags, level+1, seen)
			}
		case *ast.InlineFragment:
			d, in = depth(s.SelectionSet, frags, level, seen)
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			if f := frags.ForName(s.Name); f != nil {
				seen[s.Name] = true
				d, in = depth(f.SelectionSet, frags, level, seen)
				delete(seen, s.Name)
			}
		}
		if d > max {
			max = d
		}
		introspects = introspects || in
	}
	return max, introspects
}
