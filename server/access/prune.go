package access

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/jobs"
	"github.com/riverqueue/river"
)

// PruneThrottle removes the sign-in counters that no longer hold anything back: their window
// ended and no delay runs. Failed sign-ins with ever new emails would otherwise leave a row
// each for good. It returns how many it removed.
func (s *Service) PruneThrottle(ctx context.Context) (int, error) {
	now := s.now()
	n, err := db.Affected(s.db.NewDelete().Model((*db.LoginThrottle)(nil)).
		Where("window_start < ?", now.Add(-s.throttle.Window)).
		Where("locked_until IS NULL OR locked_until < ?", now).Exec(ctx))
	return n, wrap("prune sign-in counters", err)
}

// PruneThrottleArgs is the periodic job that prunes the sign-in counters.
type PruneThrottleArgs struct{}

// Kind implements river.JobArgs.
func (PruneThrottleArgs) Kind() string { return "login_throttle_prune" }

// PruneThrottleJob runs PruneThrottle at start-up and then hourly, on one replica.
func PruneThrottleJob() *river.PeriodicJob { return jobs.Periodic(time.Hour, PruneThrottleArgs{}) }

// RegisterPruneThrottle adds the pruning job's worker to w.
func (s *Service) RegisterPruneThrottle(w *river.Workers) {
	jobs.AddWork[PruneThrottleArgs](w, s.PruneThrottle)
}
