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

// List returns events matching f, newest first, after the cursor.
func List(ctx context.Context, d bun.IDB, f Filter, p page.Request) (*page.Of[db.AuditEvent], error) {
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return nil, errs.InvalidField("to", "to must not be before from")
	}
	where := func(q *bun.SelectQuery) *bun.SelectQuery {
		q = Scope(ctx, q, "partner_id")
		if f.PartnerID > 0 {
			q = q.Where("partner_id = ?", f.PartnerID)
		}
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
	out, err := page.Select[db.AuditEvent](ctx, d, p, true, where)
	if err != nil && errs.As(err) == nil {
		err = fmt.Errorf("audit: %w", err)
	}
	return out, err
}
