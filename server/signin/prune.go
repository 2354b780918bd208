package signin

import (
	"context"
	"fmt"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/jobs"
	"github.com/riverqueue/river"
)

// pruneAfter is how long an ended or expired sign-in is kept (with its spent refresh tokens)
// before it is removed: long enough to tell a replayed refresh token from an unknown one in
// the audit trail, which keeps the events for good.
const pruneAfter = 30 * 24 * time.Hour

// Prune removes the sign-ins that ended or expired more than pruneAfter ago, and their
// refresh tokens; it returns how many sign-ins it removed.
func (s *Service) Prune(ctx context.Context) (int, error) {
	before := s.clock.Now().Add(-pruneAfter)
	n, err := db.Affected(s.db.NewDelete().Model((*db.SignIn)(nil)).
		Where("expires_at < ? OR ended_at < ?", before, before).Exec(ctx))
	if err != nil {
		return 0, fmt.Errorf("sign-in: prune: %w", err)
	}
	return n, nil
}

// PruneArgs is the periodic job that prunes old sign-ins.
type PruneArgs struct{}

// Kind implements river.JobArgs.
func (PruneArgs) Kind() string { return "sign_in_prune" }

// PruneJob runs Prune at start-up and then daily, on one replica.
func PruneJob() *river.PeriodicJob { return jobs.Periodic(24*time.Hour, PruneArgs{}) }

// RegisterPrune adds the pruning job's worker to w.
func (s *Service) RegisterPrune(w *river.Workers) { jobs.AddWork[PruneArgs](w, s.Prune) }
