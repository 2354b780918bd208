package notify

import (
	"context"
	"fmt"

	"github.com/keyward/keyward/db"
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

// SendTest queues a test email to to, asked for by by.
func (s *Service) SendTest(ctx context.Context, to, by string) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return s.Email(ctx, tx, EmailArgs{Type: EmailTest, To: to, By: by})
	})
}
