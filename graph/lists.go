package graph

import (
	"context"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/graph/model"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/page"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/tokens"
)

// Every list goes the same way: its filter argument becomes the domain's filter, first and
// after become a page.Request, the domain reads one page, and the page becomes a connection.

// pageOf is the page a list's first and after arguments ask for.
func pageOf(first *int, after *string) page.Request { return page.Request{First: first, After: after} }

// connection turns one page of rows into a connection: an edge per row with its cursor, the
// page info, and (in build) how many rows match. An error reading the page comes back as is.
func connection[T, E, C any](pg *page.Of[T], err error, cursor func(*T) string, edge func(*T, string) E,
	build func(pg *page.Of[T], edges []E, info *model.PageInfo) *C) (*C, error) {
	if err != nil {
		return nil, err
	}
	es, info := edgesAt(pg.Rows, pg.HasNext, cursor, edge)
	return build(pg, es, info), nil
}

// primed loads in batches what the rows of a page will be asked for, before their fields
// resolve one by one.
func primed[T any](pg *page.Of[T], err error, prime func([]T) error) (*page.Of[T], error) {
	if err != nil {
		return nil, err
	}
	return pg, prime(pg.Rows)
}

// rows is the rows of a page, for a field that lists them without paging.
func rows[T any](pg *page.Of[T], err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	return pg.Rows, nil
}

// byID is the cursor of a row in a list ordered by id.
func byID[T any](id func(*T) int64) func(*T) string {
	return func(t *T) string { return page.Cursor(id(t)) }
}

// idArgs parses the optional ID arguments of a filter, one after the other, and keeps the first
// error, so that a bad-input error names the first bad field as the filter lists them.
type idArgs struct{ err error }

// id parses one optional ID argument (0 when left out), unless an earlier one was bad.
func (p *idArgs) id(field string, id *string) int64 {
	if p.err != nil {
		return 0
	}
	n, err := optionalID(field, id)
	p.err = err
	return n
}

func userFilter(in *model.UserFilter) (access.UserFilter, error) {
	if in == nil {
		return access.UserFilter{}, nil
	}
	var p idArgs
	f := access.UserFilter{Search: deref(in.Search), Active: in.Active, RoleID: p.id("roleId", in.RoleID)}
	f.PartnerID = p.id("partnerId", in.PartnerID)
	return f, p.err
}

func tokenFilter(in *model.TokenFilter, order *model.TokenOrder) (tokens.Filter, error) {
	f := tokens.Filter{Order: tokenOrder(order)}
	if in == nil {
		return f, nil
	}
	var p idArgs
	f.Search, f.Open, f.Status = deref(in.Search), in.OpenToEveryAddress, deref((*string)(in.Status))
	f.RoleID = p.id("roleId", in.RoleID)
	f.PartnerID = p.id("partnerId", in.PartnerID)
	f.ApplicationID = p.id("applicationId", in.ApplicationID)
	return f, p.err
}

func auditFilter(in *model.AuditFilter) (audit.Filter, error) {
	if in == nil {
		return audit.Filter{}, nil
	}
	var p idArgs
	return audit.Filter{PartnerID: p.id("partnerId", in.PartnerID), Actor: deref(in.Actor), Action: deref(in.Action),
		Outcome: deref((*string)(in.Outcome)), From: in.From, To: in.To}, p.err
}

func applicationFilter(in *model.ApplicationFilter) (partners.ApplicationFilter, error) {
	if in == nil {
		return partners.ApplicationFilter{}, nil
	}
	var p idArgs
	return partners.ApplicationFilter{Search: deref(in.Search), PartnerID: p.id("partnerId", in.PartnerID)}, p.err
}

// userConnection is one page of the users f keeps, as a connection.
func (r *Resolver) userConnection(ctx context.Context, f access.UserFilter, p page.Request) (*model.UserConnection, error) {
	pg, err := r.Access.Users(ctx, f, p)
	pg, err = primed(pg, err, func(us []db.User) error { return r.primeUsers(ctx, us, asked(ctx, "edges", "node")) })
	return connection(pg, err, byID(func(u *db.User) int64 { return u.ID }),
		func(u *db.User, c string) model.UserEdge { return model.UserEdge{Node: u, Cursor: c} },
		func(pg *page.Of[db.User], es []model.UserEdge, info *model.PageInfo) *model.UserConnection {
			return &model.UserConnection{TotalCount: pg.Total, TotalCountExact: pg.TotalExact, Edges: es, PageInfo: info}
		})
}

// tokenConnection is one page of the tokens f keeps, as a connection.
func (r *Resolver) tokenConnection(ctx context.Context, f tokens.Filter, p page.Request) (*model.TokenConnection, error) {
	pg, err := r.Tokens.List(ctx, f, p)
	pg, err = primed(pg, err, func(ts []db.Token) error { return r.primeTokens(ctx, ts, asked(ctx, "edges", "node")) })
	return connection(pg, err, f.Order.Cursor,
		func(t *db.Token, c string) model.TokenEdge { return model.TokenEdge{Node: t, Cursor: c} },
		func(pg *page.Of[db.Token], es []model.TokenEdge, info *model.PageInfo) *model.TokenConnection {
			return &model.TokenConnection{TotalCount: pg.Total, TotalCountExact: pg.TotalExact, Edges: es, PageInfo: info}
		})
}

// auditConnection is one page of the audit events f keeps, as a connection.
func (r *Resolver) auditConnection(ctx context.Context, f audit.Filter, p page.Request) (*model.AuditEventConnection, error) {
	pg, err := audit.List(ctx, r.DB, f, p)
	return connection(pg, err, audit.Cursor,
		func(e *db.AuditEvent, c string) model.AuditEventEdge { return model.AuditEventEdge{Node: e, Cursor: c} },
		func(pg *page.Of[db.AuditEvent], es []model.AuditEventEdge, info *model.PageInfo) *model.AuditEventConnection {
			return &model.AuditEventConnection{TotalCount: pg.Total, TotalCountExact: pg.TotalExact, Edges: es, PageInfo: info}
		})
}

// partnerConnection is one page of the partners, as a connection.
func (r *Resolver) partnerConnection(ctx context.Context, p page.Request) (*model.PartnerConnection, error) {
	pg, err := r.Partners.Partners(ctx, p)
	return connection(pg, err, byID(func(p *db.Partner) int64 { return p.ID }),
		func(p *db.Partner, c string) model.PartnerEdge { return model.PartnerEdge{Node: p, Cursor: c} },
		func(pg *page.Of[db.Partner], es []model.PartnerEdge, info *model.PageInfo) *model.PartnerConnection {
			return &model.PartnerConnection{TotalCount: pg.Total, Edges: es, PageInfo: info}
		})
}

// applicationConnection is one page of the applications f keeps, as a connection.
func (r *Resolver) applicationConnection(ctx context.Context, f partners.ApplicationFilter, p page.Request) (*model.ApplicationConnection, error) {
	pg, err := r.Partners.Applications(ctx, f, p)
	return connection(pg, err, byID(func(a *db.Application) int64 { return a.ID }),
		func(a *db.Application, c string) model.ApplicationEdge {
			return model.ApplicationEdge{Node: a, Cursor: c}
		},
		func(pg *page.Of[db.Application], es []model.ApplicationEdge, info *model.PageInfo) *model.ApplicationConnection {
			return &model.ApplicationConnection{TotalCount: pg.Total, Edges: es, PageInfo: info}
		})
}

// filtered reads one page of a list whose filter argument became f (or failed with err): the
// resolver of a list with a filter.
func filtered[F, C any](ctx context.Context, f F, err error, p page.Request, conn func(context.Context, F, page.Request) (*C, error)) (*C, error) {
	if err != nil {
		return nil, err
	}
	return conn(ctx, f, p)
}
