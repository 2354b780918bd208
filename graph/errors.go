package graph

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

var codes = map[errs.Kind]string{
	errs.Invalid:         "BAD_USER_INPUT",
	errs.NotFound:        "NOT_FOUND",
	errs.Conflict:        "CONFLICT",
	errs.Forbidden:       "FORBIDDEN",
	errs.Unauthenticated: "UNAUTHENTICATED",
}

// ErrorPresenter turns domain errors into GraphQL errors with extensions.code (and
// extensions.field for bad input); any other error is logged and shown as "internal error",
// so nothing of the server's insides reaches the caller. Every refused operation (FORBIDDEN)
// is counted in refusals (nil: not audited), whichever rule refused it.
func ErrorPresenter(log *slog.Logger, refusals *audit.Refusals) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Err == nil {
			// Parse and validation errors from gqlparser: already safe to show.
			return gqlErr
		}
		out := graphql.DefaultErrorPresenter(ctx, err)
		if e := errs.As(err); e != nil {
			out.Message = e.Message
			if e.Unnamed {
				name := valueName(out.Path)
				out.Message = name + " " + e.Message
				e = &errs.Error{Kind: e.Kind, Field: name, Message: out.Message}
			}
			out.Extensions = map[string]any{"code": codes[e.Kind]}
			if e.Field != "" {
				out.Extensions["field"] = e.Field
			}
			if e.Kind == errs.Forbidden {
				if p := access.PrincipalFrom(ctx); p != nil && p.RoleName != "" {
					out.Extensions["role"] = p.RoleName
				}
				if refusals != nil {
					refusals.Add(ctx, refusedOperation(ctx, e))
				}
			}
			return out
		}
		log.ErrorContext(ctx, "graphql: internal error", "path", out.Path.String(), "err", err)
		out.Message = "internal error"
		out.Extensions = map[string]any{"code": "INTERNAL"}
		return out
	}
}

// refusedOperation is the audit event of a refused operation: which one, on what (its id
// arguments, never any other: they may be secrets) and why.
func refusedOperation(ctx context.Context, e *errs.Error) audit.Event {
	ev := audit.Event{Action: "access.denied", TargetType: "operation", Details: map[string]any{"reason": e.Message}}
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Field != nil {
		ev.TargetLabel = fc.Field.Name
		for name, v := range fc.Args {
			if s, ok := v.(string); ok && (name == "id" || name == "key" || strings.HasSuffix(name, "Id")) {
				ev.Details[name] = s
			}
		}
	}
	return ev
}

// valueName is the field or argument a bad value was given for: the last name on its path.
func valueName(p ast.Path) string {
	for i := len(p) - 1; i >= 0; i-- {
		if name, ok := p[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return "value"
}
