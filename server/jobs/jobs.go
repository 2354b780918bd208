// Package jobs runs Keyward's background work with River, on the same database as everything
// else: a job is enqueued in the transaction of the change that causes it, so a crash never
// loses one or invents one, and River retries it with backoff until it succeeds. Periodic
// jobs run on one replica only (River elects a leader).
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"database/sql"
	"github.com/jackc/pgx/v5"
	"github.com/keyward/keyward/db"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
	"github.com/uptrace/bun"
)

// RescueAfter is how long a job may stay running before it is taken for one whose process
// died (kill -9, a lost machine) and run again.
const RescueAfter = 3 * time.Minute

// Options tune the runner; the zero value is production's.
type Options struct {
	// PollInterval is how often an idle worker looks for new jobs (Postgres also wakes on
	// LISTEN/NOTIFY). Default 500ms.
	PollInterval time.Duration
	// Retry decides when a failed job runs again; default River's exponential backoff.
	Retry river.ClientRetryPolicy
	// Workers run jobs; without any, the runner only enqueues.
	Workers *river.Workers
	// Periodic jobs run on the leader.
	Periodic []*river.PeriodicJob
}

// Runner enqueues and runs jobs on either database.
type Runner struct {
	insert func(ctx context.Context, tx bun.Tx, args river.JobArgs, opts *river.InsertOpts) error
	start  func(ctx context.Context) error
	stop   func(ctx context.Context) error
	list   func(ctx context.Context, p *river.JobListParams) (*river.JobListResult, error)
	retry  func(ctx context.Context, id int64) error
	cancel func(ctx context.Context, id int64) error
}

// New builds the runner for d.
func New(d *db.DB, log *slog.Logger, o Options) (*Runner, error) {
	if o.PollInterval == 0 {
		o.PollInterval = 500 * time.Millisecond
	}
	cfg := &river.Config{
		Logger:            log.With("component", "jobs"),
		FetchPollInterval: o.PollInterval,
		FetchCooldown:     min(o.PollInterval, river.FetchCooldownDefault),
		RetryPolicy:       o.Retry,
		Workers:           o.Workers,
		PeriodicJobs:      o.Periodic,
		MaxAttempts:       25,
		JobTimeout:        2 * time.Minute,
		// A job left running by a crashed process runs again after this, not River's hour
		// (the email worker makes sure a rescued job sends nothing twice).
		RescueStuckJobsAfter: RescueAfter,
	}
	if o.Workers != nil {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}}
	}
	if d.Engine == db.Postgres {
		c, err := river.NewClient(riverpgxv5.New(d.Pool), cfg)
		if err != nil {
			return nil, fmt.Errorf("jobs: %w", err)
		}
		return build(c, func(ctx context.Context, _ bun.Tx) (pgx.Tx, error) { return db.PgxTx(ctx) }), nil
	}
	c, err := river.NewClient(riversqlite.New(d.SQL), cfg)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return build(c, func(_ context.Context, tx bun.Tx) (*sql.Tx, error) { return tx.Tx, nil }), nil
}

func build[TTx any](c *river.Client[TTx], txOf func(context.Context, bun.Tx) (TTx, error)) *Runner {
	return &Runner{
		insert: func(ctx context.Context, tx bun.Tx, args river.JobArgs, opts *river.InsertOpts) error {
			t, err := txOf(ctx, tx)
			if err != nil {
				return err
			}
			_, err = c.InsertTx(ctx, t, args, opts)
			return err
		},
		start: c.Start,
		stop:  c.Stop,
		list:  c.JobList,
		retry: func(ctx context.Context, id int64) error {
			_, err := c.JobRetry(ctx, id)
			return err
		},
		cancel: func(ctx context.Context, id int64) error {
			_, err := c.JobCancel(ctx, id)
			return err
		},
	}
}

// Enqueue adds a job inside tx: it runs only if tx commits. On Postgres, tx must come from
// db.DB.RunInTx.
func (r *Runner) Enqueue(ctx context.Context, tx bun.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	if err := r.insert(ctx, tx, args, opts); err != nil {
		return fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// Start runs the workers and periodic jobs until Stop.
func (r *Runner) Start(ctx context.Context) error { return r.start(ctx) }

// Stop lets running jobs finish (up to ctx's deadline) and stops.
func (r *Runner) Stop(ctx context.Context) error { return r.stop(ctx) }

// Problem is a job that failed at least once and has not succeeded yet (retryable), or gave
// up (discarded).
type Problem struct {
	ID          int64
	Kind        string
	State       string
	Attempt     int
	MaxAttempts int
	LastError   string
	CreatedAt   time.Time
	NextRunAt   time.Time
	Args        []byte
}

// Problems lists the failing jobs, newest first: those that failed and wait for (or are in)
// another attempt, and those given up.
func (r *Runner) Problems(ctx context.Context, limit int) ([]Problem, error) {
	res, err := r.list(ctx, river.NewJobListParams().States(rivertype.JobStateRetryable, rivertype.JobStateDiscarded,
		rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStateScheduled).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(1000))
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	out := make([]Problem, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		if len(j.Errors) == 0 || len(out) == limit {
			continue
		}
		state := "retryable"
		if j.State == rivertype.JobStateDiscarded {
			state = "discarded"
		}
		out = append(out, Problem{ID: j.ID, Kind: j.Kind, State: state, Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
			CreatedAt: j.CreatedAt, NextRunAt: j.ScheduledAt, Args: j.EncodedArgs, LastError: j.Errors[len(j.Errors)-1].Error})
	}
	return out, nil
}

// Retry runs a failing job again now.
func (r *Runner) Retry(ctx context.Context, id int64) error { return r.retry(ctx, id) }

// Cancel gives up on a job.
func (r *Runner) Cancel(ctx context.Context, id int64) error { return r.cancel(ctx, id) }

// FixedRetry retries a failed job after the same delay every time (tests).
type FixedRetry time.Duration

// NextRetry implements river.ClientRetryPolicy. The time is River's, not Keyward's clock:
// River schedules on the real time and, given a retry before its own now (as a test's fake
// clock would give), falls back to its exponential backoff.
func (f FixedRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(time.Duration(f)) }
