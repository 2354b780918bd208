package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/page"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// Filter narrows a listing of events.
type Filter struct {
	PartnerID int64
	Actor     string
	Action    string
	Outcome   string
	From      *time.Time
	To        *time.Time
}

// maxActors is how many actors a search may name and still be read through the actor index
// with their names in the query; a search that matches more names them by a subquery.
const maxActors = 1000

// Cursor is the place of e in the trail, for the page after it.
func Cursor(e *db.AuditEvent) string { return page.TimeCursor(e.At, e.ID) }

// List returns events matching f, newest first (by time, then id), after the cursor, with
// how many match up to page.CountLimit: the trail holds millions of events, and a page reads
// a bounded number of them whatever the filter.
func List(ctx context.Context, d bun.IDB, f Filter, p page.Request) (*page.Of[db.AuditEvent], error) {
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return nil, errs.InvalidField("to", "to must not be before from")
	}
	afterAt, afterID, err := p.AfterTime()
	if err != nil {
		return nil, err
	}
	actor := strings.ToLower(strings.TrimSpace(f.Actor))
	action := strings.TrimSpace(f.Action)
	// An actor's search finds the actors it means among the trail's few actors (the trigram
	// index of audit_actors on Postgres), once: then their events are read through the actor
	// index.
	var actors []string
	found, arg := `SELECT label FROM audit_actors WHERE search LIKE ? ESCAPE '\'`, any("%"+page.EscapeLike(actor)+"%")
	if d.Dialect().Name() == dialect.SQLite && page.Searchable(actor) {
		// SQLite's trigram index of the actors (Postgres' serves LIKE).
		found, arg = `SELECT label FROM audit_actors_search WHERE audit_actors_search MATCH ?`, page.Phrase(actor)
	}
	if actor != "" {
		err := d.NewRaw(found+" LIMIT ?", arg, maxActors+1).Scan(ctx, &actors)
		if err != nil {
			return nil, fmt.Errorf("audit: actors: %w", err)
		}
		if len(actors) == 0 {
			return &page.Of[db.AuditEvent]{Rows: []db.AuditEvent{}, TotalExact: true}, nil
		}
	}
	// An actor's search and an action prefix are read through their index to count and when
	// few events match, and along the trail's order when many do (see page.Reading).
	where := func(q *bun.SelectQuery, r page.Reading) *bun.SelectQuery {
		q = Scope(ctx, q, "partner_id")
		if f.PartnerID > 0 {
			q = q.Where("partner_id = ?", f.PartnerID)
		}
		switch {
		case actor == "":
		case r == page.Many:
			q = q.Where(page.Contains(d, "lower(actor_label)"), actor)
		case len(actors) <= maxActors:
			q = q.Where("actor_label IN (?)", bun.In(actors))
		default:
			q = q.Where("actor_label IN ("+found+")", arg)
		}
		if prefix, ok := strings.CutSuffix(action, "."); ok {
			// Every action under prefix: a range of the action index ("/" follows "."), or,
			// written so that no index serves it, a filter along the trail's order.
			col := "action"
			if r == page.Many {
				col = "(action || '')"
			}
			q = q.Where(col+" >= ?", prefix+".").Where(col+" < ?", prefix+"/")
		} else if action != "" {
			q = q.Where("action = ?", action)
		}
		if f.Outcome != "" {
			q = q.Where("outcome = ?", f.Outcome)
		}
		if f.From != nil {
			q = q.Where("at >= ?", f.From.UTC())
		}
		if f.To != nil {
			q = q.Where("at <= ?", f.To.UTC())
		}
		if afterID > 0 && r != page.Counting {
			q = q.Where("(at, id) < (?, ?)", afterAt, afterID)
		}
		return q
	}
	total, exact, err := page.Count[db.AuditEvent](ctx, d, page.CountLimit, func(q *bun.SelectQuery) *bun.SelectQuery { return where(q, page.Counting) })
	if err != nil {
		return nil, fmt.Errorf("audit: count: %w", err)
	}
	out := &page.Of[db.AuditEvent]{Rows: []db.AuditEvent{}, Total: total, TotalExact: exact}
	if total == 0 {
		return out, nil
	}
	var q *bun.SelectQuery
	if exact {
		// Fewer events than the count limit, through an index that may not give them in
		// order: sort their ids in that index, then read the page's events.
		ids := where(d.NewSelect().Model((*db.AuditEvent)(nil)).Column("id"), page.Few).OrderExpr("at DESC, id DESC").Limit(int64(p.Limit() + 1))
		q = d.NewSelect().Model(&out.Rows).Where("id IN (?)", ids).OrderExpr("at DESC, id DESC")
	} else {
		q = where(d.NewSelect().Model(&out.Rows), page.Many).OrderExpr("at DESC, id DESC").Limit(int64(p.Limit() + 1))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	if len(out.Rows) > p.Limit() {
		out.Rows, out.HasNext = out.Rows[:p.Limit()], true
	}
	return out, nil
}
