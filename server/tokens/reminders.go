package tokens

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/uptrace/bun"
)

// The expiry emails are queued by notify, but what they are about is kept here, on the token:
// the day of its last reminder (reminded_on) and the expiry its expired notice was for
// (expiry_notice_for). A mark and the email it stands for are written in one transaction, so
// every reminder goes out once however many scans run.

// RemindersDue returns up to limit tokens (id, creator, expiry) that opted in to reminders,
// are not revoked, expire within window after now and were not reminded on now's day (UTC).
func (s *Service) RemindersDue(ctx context.Context, now time.Time, window time.Duration, limit int) ([]db.Token, error) {
	return scanTokens(ctx, dueQuery(s.db, now, window, limit), "reminders due")
}

// ExpiredUnnoticed returns up to limit tokens (id, creator, expiry) that opted in to
// reminders, are not revoked, expired within the last window before now and have had no
// notice of this expiry.
func (s *Service) ExpiredUnnoticed(ctx context.Context, now time.Time, window time.Duration, limit int) ([]db.Token, error) {
	return scanTokens(ctx, expiredQuery(s.db, now, window, limit), "expired unnoticed")
}

// MarkReminded records inside tx that token id is reminded on now's day; false when it needs
// no reminder (reminded today already, expired, revoked or opted out meanwhile).
func (s *Service) MarkReminded(ctx context.Context, tx bun.Tx, id int64, now time.Time) (bool, error) {
	today := now.Format(time.DateOnly)
	return markExpiry(ctx, tx, id, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("reminded_on = ?", today).Where("reminded_on <> ?", today).Where("expires_at > ?", now)
	})
}

// MarkExpiredNoticed records inside tx that token id is told of its expiry; false when it
// needs no notice (told of this expiry already, renewed, revoked or opted out meanwhile).
func (s *Service) MarkExpiredNoticed(ctx context.Context, tx bun.Tx, id int64, now time.Time) (bool, error) {
	return markExpiry(ctx, tx, id, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("expiry_notice_for = expires_at").Where("expires_at <= ?", now).
			Where("(expiry_notice_for IS NULL OR expiry_notice_for <> expires_at)")
	})
}

func scanTokens(ctx context.Context, q *bun.SelectQuery, op string) ([]db.Token, error) {
	var ts []db.Token
	if err := q.Scan(ctx, &ts); err != nil {
		return nil, wrap(op, err)
	}
	return ts, nil
}

// markExpiry runs the conditional update set on an opted-in, unrevoked token and reports
// whether it changed it.
func markExpiry(ctx context.Context, tx bun.Tx, id int64, set func(*bun.UpdateQuery) *bun.UpdateQuery) (bool, error) {
	q := tx.NewUpdate().Model((*db.Token)(nil)).Where("id = ?", id).Where("expiry_reminders = TRUE AND revoked_at IS NULL")
	r, err := set(q).Exec(ctx)
	if err != nil {
		return false, wrap("mark expiry email", err)
	}
	n, _ := r.RowsAffected()
	return n > 0, nil
}

// dueQuery selects the opted-in, unrevoked tokens expiring within window that were not
// reminded today; tokens_reminder_idx serves it (a range on expires_at in the partial index).
func dueQuery(idb bun.IDB, now time.Time, window time.Duration, limit int) *bun.SelectQuery {
	return idb.NewSelect().Model((*db.Token)(nil)).Column("id", "created_by_id", "expires_at").
		Where("expiry_reminders = TRUE AND revoked_at IS NULL").
		Where("expires_at > ? AND expires_at <= ?", now, now.Add(window)).
		Where("reminded_on <> ?", now.Format(time.DateOnly)).
		OrderExpr("expires_at").Limit(int64(limit))
}

// expiredQuery selects the opted-in, unrevoked tokens that expired within the last window
// and have had no notice for this expiry; tokens_reminder_idx serves it too.
func expiredQuery(idb bun.IDB, now time.Time, window time.Duration, limit int) *bun.SelectQuery {
	return idb.NewSelect().Model((*db.Token)(nil)).Column("id", "created_by_id", "expires_at").
		Where("expiry_reminders = TRUE AND revoked_at IS NULL").
		Where("expires_at <= ? AND expires_at > ?", now, now.Add(-window)).
		Where("(expiry_notice_for IS NULL OR expiry_notice_for <> expires_at)").
		OrderExpr("expires_at").Limit(int64(limit))
}
