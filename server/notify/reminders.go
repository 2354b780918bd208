package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// ExpiryScanArgs is the periodic job that queues expiry reminders and expired notices.
type ExpiryScanArgs struct{}

// Kind implements river.JobArgs.
func (ExpiryScanArgs) Kind() string { return "expiry_scan" }

// ExpiryScanInterval is how often the scan runs (and once at start-up). Each token still
// gets at most one reminder per day: the scan records the day it queued one.
const ExpiryScanInterval = time.Hour

// scanBatch bounds the rows one scan query reads.
const scanBatch = 500

// ExpiryScanJob is the periodic job to give River: at start-up, then every
// ExpiryScanInterval, on the elected leader only.
func ExpiryScanJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(ExpiryScanInterval),
		func() (river.JobArgs, *river.InsertOpts) {
			return ExpiryScanArgs{}, &river.InsertOpts{MaxAttempts: 5}
		}, &river.PeriodicJobOpts{ID: "expiry_scan", RunOnStart: true})
}

// RegisterExpiryScan adds the scan's worker to w; window reads the reminder window setting.
func (s *Service) RegisterExpiryScan(w *river.Workers, window func(context.Context) (time.Duration, error)) {
	river.AddWorker(w, &scanWorker{s: s, window: window})
}

type scanWorker struct {
	river.WorkerDefaults[ExpiryScanArgs]
	s      *Service
	window func(context.Context) (time.Duration, error)
}

func (w *scanWorker) Work(ctx context.Context, _ *river.Job[ExpiryScanArgs]) error {
	win, err := w.window(ctx)
	if err != nil {
		return err
	}
	_, err = w.s.ScanExpiry(ctx, win)
	return err
}

// ScanResult counts the emails one scan queued.
type ScanResult struct{ Reminders, Expired int }

// ScanExpiry queues, for every token that opted in and is neither revoked nor deleted, a
// reminder to its creator when it expires within window and none was queued today (UTC),
// and one notice when it has expired (within the last window). Each email is queued in the
// transaction that records it, so a crash, a restart or a second replica never sends one
// twice nor loses one. Both queries are served by tokens_reminder_idx (expires_at, on the
// opted-in, unrevoked tokens only).
func (s *Service) ScanExpiry(ctx context.Context, window time.Duration) (ScanResult, error) {
	var res ScanResult
	var err error
	now := s.now()
	today := now.Format(time.DateOnly)
	res.Reminders, err = s.scan(ctx, EmailExpiryReminder,
		func(into *[]db.Token) *bun.SelectQuery { return dueQuery(s.db, into, now, window) },
		func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("reminded_on = ?", today).Where("reminded_on <> ?", today).Where("expires_at > ?", now)
		})
	if err != nil {
		return res, err
	}
	res.Expired, err = s.scan(ctx, EmailTokenExpired,
		func(into *[]db.Token) *bun.SelectQuery { return expiredQuery(s.db, into, now, window) },
		func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.Set("expiry_notice_for = expires_at").Where("expires_at <= ?", now).
				Where("(expiry_notice_for IS NULL OR expiry_notice_for <> expires_at)")
		})
	return res, err
}

// scan queues a kind email for every token query finds, batch by batch; mark records it on
// the token (a token once marked is not found again) and returns how many were queued.
func (s *Service) scan(ctx context.Context, kind string, query func(*[]db.Token) *bun.SelectQuery, mark func(*bun.UpdateQuery) *bun.UpdateQuery) (int, error) {
	queued := 0
	for {
		var batch []db.Token
		if err := query(&batch).Scan(ctx); err != nil {
			return queued, fmt.Errorf("notify: scan for %s: %w", kind, err)
		}
		creators, err := s.activeEmails(ctx, batch)
		if err != nil {
			return queued, fmt.Errorf("notify: scan for %s: %w", kind, err)
		}
		for _, t := range batch {
			to := ""
			if t.CreatedByID != nil {
				to = creators[*t.CreatedByID]
			}
			sent, err := s.queueExpiry(ctx, t, to, kind, mark)
			if err != nil {
				return queued, err
			}
			if sent {
				queued++
			}
		}
		if len(batch) < scanBatch {
			return queued, nil
		}
	}
}

// dueQuery selects the opted-in, unrevoked tokens expiring within window that were not
// reminded today; tokens_reminder_idx serves it (a range on expires_at in the partial index).
func dueQuery(d *db.DB, into *[]db.Token, now time.Time, window time.Duration) *bun.SelectQuery {
	return d.NewSelect().Model(into).Column("id", "created_by_id", "expires_at").
		Where("expiry_reminders = TRUE AND revoked_at IS NULL").
		Where("expires_at > ? AND expires_at <= ?", now, now.Add(window)).
		Where("reminded_on <> ?", now.Format(time.DateOnly)).
		OrderExpr("expires_at").Limit(scanBatch)
}

// expiredQuery selects the opted-in, unrevoked tokens that expired within the last window
// and have had no notice for this expiry; tokens_reminder_idx serves it too.
func expiredQuery(d *db.DB, into *[]db.Token, now time.Time, window time.Duration) *bun.SelectQuery {
	return d.NewSelect().Model(into).Column("id", "created_by_id", "expires_at").
		Where("expiry_reminders = TRUE AND revoked_at IS NULL").
		Where("expires_at <= ? AND expires_at > ?", now, now.Add(-window)).
		Where("(expiry_notice_for IS NULL OR expiry_notice_for <> expires_at)").
		OrderExpr("expires_at").Limit(scanBatch)
}

// activeEmails returns the emails of the active users who created the tokens, by user id.
func (s *Service) activeEmails(ctx context.Context, ts []db.Token) (map[int64]string, error) {
	ids := make([]int64, 0, len(ts))
	for _, t := range ts {
		if t.CreatedByID != nil {
			ids = append(ids, *t.CreatedByID)
		}
	}
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var us []db.User
	if err := s.db.NewSelect().Model(&us).Column("id", "email").Where("id IN (?) AND active = TRUE", bun.In(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, u := range us {
		out[u.ID] = u.Email
	}
	return out, nil
}

// queueExpiry records (with the conditional update mark) and queues one email about t to
// its creator's address to, in one transaction; it reports false when another scan got
// there first. A token whose creator is gone or inactive (to is empty) is marked without
// an email.
func (s *Service) queueExpiry(ctx context.Context, t db.Token, to, kind string, mark func(*bun.UpdateQuery) *bun.UpdateQuery) (bool, error) {
	var sent bool
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		q := tx.NewUpdate().Model((*db.Token)(nil)).Where("id = ?", t.ID).
			Where("expiry_reminders = TRUE AND revoked_at IS NULL")
		r, err := mark(q).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 || to == "" {
			return nil
		}
		sent = true
		return s.Email(ctx, tx, EmailArgs{Type: kind, ID: t.ID, To: to})
	})
	if err != nil {
		return false, fmt.Errorf("notify: queue %s: %w", kind, err)
	}
	return sent, nil
}
