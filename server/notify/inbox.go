package notify

import (
	"context"
	"encoding/json"
	"fmt"
	netmail "net/mail"
	"strings"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/jobs"
	"github.com/uptrace/bun"
)

// Inbox is a user's newest notifications and how many are unread.
type Inbox struct {
	Unread int
	Items  []db.Notification
}

// InboxOf returns the newest limit notifications of a user.
func (s *Service) InboxOf(ctx context.Context, userID int64, limit int) (*Inbox, error) {
	if limit < 1 || limit > 100 {
		limit = 20
	}
	in := &Inbox{}
	if err := s.db.NewSelect().Model(&in.Items).Where("user_id = ?", userID).OrderExpr("id DESC").Limit(int64(limit)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("notify: inbox: %w", err)
	}
	n, err := s.db.NewSelect().Model((*db.Notification)(nil)).Where("user_id = ? AND read_at IS NULL", userID).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: inbox: %w", err)
	}
	in.Unread = int(n)
	return in, nil
}

// MarkRead marks a user's notifications read: those of ids, or all with none given. It
// returns how many changed.
func (s *Service) MarkRead(ctx context.Context, userID int64, ids []int64) (int, error) {
	q := s.db.NewUpdate().Model((*db.Notification)(nil)).Set("read_at = ?", s.now()).Where("user_id = ? AND read_at IS NULL", userID)
	if len(ids) > 0 {
		q = q.Where("id IN (?)", bun.In(ids))
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("notify: mark read: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// SendTest queues a test email asked for by by: to to when given (one bare address), else to
// by's own address.
func (s *Service) SendTest(ctx context.Context, to, by string) error {
	addr, err := testRecipient(to, by)
	if err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return s.Email(ctx, tx, EmailArgs{Type: EmailTest, To: addr, By: by})
	})
}

func testRecipient(to, by string) (string, error) {
	if strings.TrimSpace(to) == "" {
		if by == "" {
			return "", errs.InvalidField("to", "an email address is required (an API token has none of its own)")
		}
		return by, nil
	}
	a, err := netmail.ParseAddress(strings.TrimSpace(to))
	if err != nil || a.Name != "" {
		return "", errs.InvalidField("to", "%q is not an email address", to)
	}
	return strings.ToLower(a.Address), nil
}

// EmailProblem is a failing email: its job, and the email it sends.
type EmailProblem struct {
	jobs.Problem
	Email EmailArgs
}

// EmailProblems keeps the emails among failing jobs.
func EmailProblems(ps []jobs.Problem) []EmailProblem {
	var out []EmailProblem
	for _, p := range ps {
		if p.Kind != (EmailArgs{}).Kind() {
			continue
		}
		e := EmailProblem{Problem: p}
		// Arguments that no longer read still leave the failing job to show and retry.
		_ = json.Unmarshal(p.Args, &e.Email)
		out = append(out, e)
	}
	return out
}
