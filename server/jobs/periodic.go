package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// Periodic is the periodic job of args to give River: at start-up, then every interval, on
// the elected leader only, under the id of its kind.
func Periodic(interval time.Duration, args river.JobArgs) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args, &river.InsertOpts{MaxAttempts: 5} },
		&river.PeriodicJobOpts{ID: args.Kind(), RunOnStart: true})
}

// AddWork adds to w the worker of the jobs of args A: it runs work, whose result (how much it
// did) only work's other callers read.
func AddWork[A river.JobArgs, R any](w *river.Workers, work func(context.Context) (R, error)) {
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, _ *river.Job[A]) error {
		_, err := work(ctx)
		return err
	}))
}

// FlushEvery runs flush every interval until ctx ends, then once more with a context of its
// own (so that a graceful stop writes what waits). onErr hears of each failed flush.
func FlushEvery(ctx context.Context, interval time.Duration, flush func(context.Context) error, onErr func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := flush(ctx); err != nil && ctx.Err() == nil {
				onErr(err)
			}
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := flush(final); err != nil {
				onErr(err)
			}
			return
		}
	}
}
