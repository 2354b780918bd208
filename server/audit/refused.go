package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// ReasonCount is how many refusals one reason counted.
type ReasonCount struct {
	Reason string `bun:"reason"`
	Count  int64  `bun:"count"`
}

// RefusedSince sums, by reason, the refused uses of action (token.use) written to the trail
// from since on, as the caller of ctx may see them (Scope): the batch of refusals writes one
// event per reason, token or hint and client address each flush, with details.count. Largest
// first.
func RefusedSince(ctx context.Context, d bun.IDB, action string, since time.Time) ([]ReasonCount, error) {
	reason, count := `json_extract(details, '$.reason')`, `json_extract(details, '$.count')`
	if d.Dialect().Name() == dialect.PG {
		reason, count = `(details::jsonb ->> 'reason')`, `(details::jsonb ->> 'count')::bigint`
	}
	out := []ReasonCount{}
	q := Scope(ctx, d.NewSelect().Model((*db.AuditEvent)(nil)), "partner_id").
		ColumnExpr("coalesce("+reason+", '') AS reason").ColumnExpr("sum(coalesce("+count+", 1)) AS count").
		Where("action = ?", action).Where("outcome <> ?", Success).Where("at >= ?", since).
		GroupExpr(reason).OrderExpr("count DESC, reason")
	if err := q.Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("audit: refused since: %w", err)
	}
	return out, nil
}
