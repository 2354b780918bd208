package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/jobs"
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
func ExpiryScanJob() *river.PeriodicJob { return jobs.Periodic(ExpiryScanInterval, ExpiryScanArgs{}) }

// RegisterExpiryScan adds the scan's worker to w; window reads the reminder window setting.
func (s *Service) RegisterExpiryScan(w *river.Workers, window func(context.Context) (time.Duration, error)) {
	jobs.AddWork[ExpiryScanArgs](w, func(ctx context.Context) (ScanResult, error) {
		win, err := window(ctx)
		if err != nil {
			return ScanResult{}, err
		}
		return s.ScanExpiry(ctx, win)
	})
}

// ScanResult counts the emails one scan queued.
type ScanResult struct{ Reminders, Expired int }

// ScanExpiry queues, for every token that opted in and is neither revoked nor deleted, a
// reminder to its creator when it expires within window and none was queued today (UTC),
// and one notice when it has expired (within the last window). Each email is queued in the
// transaction that records it, so a crash, a restart or a second replica never sends one
// twice nor loses one. The tokens package finds the tokens and keeps the marks.
func (s *Service) ScanExpiry(ctx context.Context, window time.Duration) (ScanResult, error) {
	var res ScanResult
	var err error
	now := s.now()
	res.Reminders, err = s.scan(ctx, EmailExpiryReminder, now, window, s.tokens.RemindersDue, s.tokens.MarkReminded)
	if err != nil {
		return res, err
	}
	res.Expired, err = s.scan(ctx, EmailTokenExpired, now, window, s.tokens.ExpiredUnnoticed, s.tokens.MarkExpiredNoticed)
	return res, err
}

// dueTokens finds up to limit tokens due an expiry email at now.
type dueTokens func(ctx context.Context, now time.Time, window time.Duration, limit int) ([]db.Token, error)

// markToken records inside tx that a token's expiry email is queued; false when another scan
// got there first or the token needs none any more.
type markToken func(ctx context.Context, tx bun.Tx, id int64, now time.Time) (bool, error)

// scan queues a kind email for every token due finds, batch by batch; mark records it on the
// token (a token once marked is not found again). It returns how many were queued.
func (s *Service) scan(ctx context.Context, kind string, now time.Time, window time.Duration, due dueTokens, mark markToken) (int, error) {
	queued := 0
	for {
		batch, err := due(ctx, now, window, scanBatch)
		if err != nil {
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
			sent, err := s.queueExpiry(ctx, t, to, kind, now, mark)
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

// activeEmails returns the emails of the active users who created the tokens, by user id.
func (s *Service) activeEmails(ctx context.Context, ts []db.Token) (map[int64]string, error) {
	ids := make([]int64, 0, len(ts))
	for _, t := range ts {
		if t.CreatedByID != nil {
			ids = append(ids, *t.CreatedByID)
		}
	}
	return s.access.ActiveEmails(ctx, ids)
}

// queueExpiry records (with mark) and queues one email about t to its creator's address to,
// in one transaction; it reports false when another scan got there first. A token whose
// creator is gone or inactive (to is empty) is marked without an email.
func (s *Service) queueExpiry(ctx context.Context, t db.Token, to, kind string, now time.Time, mark markToken) (bool, error) {
	var sent bool
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		marked, err := mark(ctx, tx, t.ID, now)
		if err != nil || !marked || to == "" {
			return err
		}
		sent = true
		return s.Email(ctx, tx, EmailArgs{Type: kind, ID: t.ID, To: to})
	})
	if err != nil {
		return false, fmt.Errorf("notify: queue %s: %w", kind, err)
	}
	return sent, nil
}
