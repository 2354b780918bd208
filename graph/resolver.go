// Package graph is Keyward's GraphQL API: thin resolvers over the domain packages, the
// permission directives, the per-request loaders and the error presenter.
package graph

//go:generate go tool gqlgen generate

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/graph/model"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/approvals"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/jobs"
	"github.com/keyward/keyward/server/notify"
	"github.com/keyward/keyward/server/page"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/settings"
	"github.com/keyward/keyward/server/tokens"
)

// Resolver is the dependency-injection point: every resolver reaches the domain through it.
type Resolver struct {
	DB        *db.DB
	Clock     clock.Clock
	Access    *access.Service
	Tokens    *tokens.Service
	Settings  *settings.Service
	Sessions  Sessions
	Notify    *notify.Service
	Approvals *approvals.Service
	Partners  *partners.Service
	Jobs      *jobs.Runner
	// Version and BaseURL are shown in the console.
	Version string
	BaseURL string
}

// Sessions is the console session of the request in ctx (the web layer provides it).
type Sessions interface {
	// SignIn renews the session id and binds the session to the user.
	SignIn(ctx context.Context, userID int64) error
	// SignOut ends the session.
	SignOut(ctx context.Context) error
	// Renew issues a new session id for the same session (after a privilege change).
	Renew(ctx context.Context) error
	// AwaitCode marks the session as waiting for the emailed sign-in code of the user.
	AwaitCode(ctx context.Context, userID int64) error
	// AwaitingCode returns the user whose sign-in waits for a code (begun less than ttl ago), or 0.
	AwaitingCode(ctx context.Context, ttl time.Duration) int64
}

func clientIP(ctx context.Context) string { return audit.ActorFrom(ctx).IP }

func nilIfNotFound[T any](v *T, err error) (*T, error) {
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return v, err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func roleInput(in model.RoleInput) access.RoleInput {
	return access.RoleInput{Name: in.Name, Description: deref(in.Description), Permissions: in.Permissions}
}

func moduleInput(in model.ModuleInput) access.ModuleInput {
	m := access.ModuleInput{Key: in.Key, Name: in.Name, Description: deref(in.Description), Actions: in.Actions, BaseURL: in.BaseURL}
	if in.Examples != nil {
		ex := make([]access.ExampleInput, len(in.Examples))
		for i, x := range in.Examples {
			ex[i] = access.ExampleInput{Title: x.Title, Method: x.Method, Path: x.Path, Description: deref(x.Description), Body: deref(x.Body), Action: deref(x.Action)}
		}
		m.Examples = &ex
	}
	return m
}

// edges turns one page of rows into GraphQL edges and page info: the cursor of a row is its id.
func edges[T, E any](rows []T, hasNext bool, id func(*T) int64, edge func(node *T, cursor string) E) ([]E, *model.PageInfo) {
	return edgesAt(rows, hasNext, func(t *T) string { return page.Cursor(id(t)) }, edge)
}

// edgesAt is edges for a list whose cursor is not its rows' ids.
func edgesAt[T, E any](rows []T, hasNext bool, cursor func(*T) string, edge func(node *T, cursor string) E) ([]E, *model.PageInfo) {
	out := make([]E, len(rows))
	info := &model.PageInfo{HasNextPage: hasNext}
	for i := range rows {
		c := cursor(&rows[i])
		out[i] = edge(&rows[i], c)
		info.EndCursor = &c
	}
	return out, info
}

// approvalRole is the role and permissions of the token an approval request is about.
func (r *Resolver) approvalRole(ctx context.Context, req *approvals.Request) (*db.Role, []string, error) {
	if req.TokenID == nil {
		return nil, nil, nil
	}
	// Whoever may read the request (its link's holder, or a decider) may read its token's role.
	t, err := r.Tokens.TokenFor(ctx, *req.TokenID)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return r.Access.RoleWithPermissions(ctx, t.RoleID)
}

func ptr[T any](v T) *T { return &v }

// optionalID parses an optional ID argument (0 when left out), naming field when it is bad.
func optionalID(field string, id *string) (int64, error) {
	if id == nil || *id == "" {
		return 0, nil
	}
	return access.ParseID(field, *id)
}

func partnerInput(in model.PartnerInput) partners.PartnerInput {
	return partners.PartnerInput{Name: in.Name, BusinessOwnerEmails: in.BusinessOwnerEmails}
}

func applicationInput(in model.ApplicationInput) (partners.ApplicationInput, error) {
	pid, err := optionalID("partnerId", in.PartnerID)
	return partners.ApplicationInput{Name: in.Name, Description: deref(in.Description), PartnerID: pid}, err
}

// tokenConnection is one page of the tokens f keeps, as a connection.
func (r *Resolver) tokenConnection(ctx context.Context, f tokens.Filter, p page.Request) (*model.TokenConnection, error) {
	pg, err := r.Tokens.List(ctx, f, p)
	if err != nil {
		return nil, err
	}
	if err := r.primeTokens(ctx, pg.Rows, asked(ctx, "edges", "node")); err != nil {
		return nil, err
	}
	es, info := edgesAt(pg.Rows, pg.HasNext, f.Order.Cursor,
		func(t *db.Token, c string) model.TokenEdge { return model.TokenEdge{Node: t, Cursor: c} })
	return &model.TokenConnection{TotalCount: pg.Total, TotalCountExact: pg.TotalExact, Edges: es, PageInfo: info}, nil
}
