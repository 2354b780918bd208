package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/jobs"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// PruneInterval is how often the retention job removes events older than the retention.
const PruneInterval = 6 * time.Hour

// pruneBatch bounds the rows one statement deletes, so that pruning a large trail never holds
// a long lock.
const pruneBatch = 5000

// Prune deletes the events recorded before cutoff, in batches, and records how many it
// removed (an audit.prune event, which is itself recent and so stays). It returns the count.
func Prune(ctx context.Context, d *db.DB, at, cutoff time.Time) (int, error) {
	total := 0
	for {
		res, err := d.NewDelete().Model((*db.AuditEvent)(nil)).
			Where("id IN (?)", d.NewSelect().Model((*db.AuditEvent)(nil)).Column("id").Where("at < ?", cutoff).OrderExpr("id").Limit(pruneBatch)).
			Exec(ctx)
		if err != nil {
			return total, fmt.Errorf("audit: prune: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n < pruneBatch {
			break
		}
	}
	if total == 0 {
		return 0, nil
	}
	return total, d.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return Record(ctx, tx, at, Event{Action: "audit.prune", TargetType: "audit", TargetLabel: "audit trail",
			Details: map[string]any{"removed": total, "before": cutoff.UTC().Format(time.RFC3339)}})
	})
}

// PruneArgs is the periodic retention job.
type PruneArgs struct{}

// Kind implements river.JobArgs.
func (PruneArgs) Kind() string { return "audit_prune" }

// PruneJob is the periodic job to give River: at start-up, then every PruneInterval, on the
// elected leader only.
func PruneJob() *river.PeriodicJob { return jobs.Periodic(PruneInterval, PruneArgs{}) }

// RegisterPrune adds the retention job's worker to w: it keeps the events of the last
// retention() days.
func RegisterPrune(w *river.Workers, d *db.DB, c clock.Clock, retention func(context.Context) (time.Duration, error)) {
	jobs.AddWork[PruneArgs](w, func(ctx context.Context) (int, error) {
		keep, err := retention(ctx)
		if err != nil {
			return 0, err
		}
		now := c.Now()
		return Prune(ctx, d, now, now.Add(-keep))
	})
}
