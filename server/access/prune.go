package access

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/riverqueue/river"
)

// PruneThrottle removes the sign-in counters that no longer hold anything back: their window
// ended and no delay runs. Failed sign-ins with ever new emails would otherwise leave a row
// each for good. It returns how many it removed.
func (s *Service) PruneThrottle(ctx context.Context) (int, error) {
	now := s.now()
	res, err := s.db.NewDelete().Model((*db.LoginThrottle)(nil)).
		Where("window_start < ?", now.Add(-s.throttle.Window)).
		Where("locked_until IS NULL OR locked_until < ?", now).Exec(ctx)
	if err != nil {
		return 0, wrap("prune sign-in counters", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// PruneThrottleArgs is the periodic job that prunes the sign-in counters.
type PruneThrottleArgs struct{}

// Kind implements river.JobArgs.
func (PruneThrottleArgs) Kind() string { return "login_throttle_prune" }

// PruneThrottleJob runs PruneThrottle at start-up and then hourly, on one replica.
func PruneThrottleJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) {
			return PruneThrottleArgs{}, &river.InsertOpts{MaxAttempts: 5}
		},
		&river.PeriodicJobOpts{ID: "login_throttle_prune", RunOnStart: true})
}

// RegisterPruneThrottle adds the pruning job's worker to w.
func (s *Service) RegisterPruneThrottle(w *river.Workers) {
	river.AddWorker(w, &pruneThrottleWorker{s: s})
}

type pruneThrottleWorker struct {
	river.WorkerDefaults[PruneThrottleArgs]
	s *Service
}

func (w *pruneThrottleWorker) Work(ctx context.Context, _ *river.Job[PruneThrottleArgs]) error {
	_, err := w.s.PruneThrottle(ctx)
	return err
}
