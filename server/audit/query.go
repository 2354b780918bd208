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
	Actor   string
	Action  string
	Outcome string
	From    *time.Time
	To      *time.Time
}

// Page is one page of events, newest first.
type Page struct {
	Events  []db.AuditEvent
	Total   int
	HasNext bool
}

// List returns events matching f, newest first, after the cursor.
func List(ctx context.Context, d bun.IDB, f Filter, p page.Request) (*Page, error) {
	afterID, err := p.AfterID()
	if err != nil {
		return nil, err
	}
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return nil, errs.InvalidField("to", "to must not be before from")
	}
	where := func(q *bun.SelectQuery) *bun.SelectQuery {
		if s := strings.TrimSpace(f.Actor); s != "" {
			q = q.Where("lower(actor_label) LIKE ? ESCAPE '\\'", "%"+page.EscapeLike(strings.ToLower(s))+"%")
		}
		if s := strings.TrimSpace(f.Action); s != "" {
			if strings.HasSuffix(s, ".") {
				q = q.Where("action LIKE ? ESCAPE '\\'", page.EscapeLike(s)+"%")
			} else {
				q = q.Where("action = ?", s)
			}
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
	total, err := where(d.NewSelect().Model((*db.AuditEvent)(nil))).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: count: %w", err)
	}
	var events []db.AuditEvent
	q := where(d.NewSelect().Model(&events)).OrderExpr("id DESC").Limit(int64(p.Limit() + 1))
	if afterID > 0 {
		q = q.Where("id < ?", afterID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	out := &Page{Total: int(total)}
	if len(events) > p.Limit() {
		events, out.HasNext = events[:p.Limit()], true
	}
	out.Events = events
	return out, nil
}
