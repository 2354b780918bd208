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
	// An actor's search and an action prefix are read through their index to count and when
	// few events match, and along the trail's order when many do (see page.Reading).
	where := func(q *bun.SelectQuery, r page.Reading) *bun.SelectQuery {
		q = Scope(ctx, q, "partner_id")
		if f.PartnerID > 0 {
			q = q.Where("partner_id = ?", f.PartnerID)
		}
		if actor != "" {
			like := "%" + page.EscapeLike(actor) + "%"
			if r == page.Many {
				q = q.Where(`lower(actor_label) LIKE ? ESCAPE '\'`, like)
			} else {
				q = q.Where(`actor_label IN (SELECT label FROM audit_actors WHERE search LIKE ? ESCAPE '\')`, like)
			}
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
	reading := page.Few
	if !exact {
		reading = page.Many
	}
	q := where(d.NewSelect().Model(&out.Rows), reading).OrderExpr("at DESC, id DESC").Limit(int64(p.Limit() + 1))
	if afterID > 0 {
		q = q.Where("(at, id) < (?, ?)", afterAt, afterID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	if len(out.Rows) > p.Limit() {
		out.Rows, out.HasNext = out.Rows[:p.Limit()], true
	}
	return out, nil
}
