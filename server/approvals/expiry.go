package approvals

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/jobs"
	"github.com/keyward/keyward/server/notify"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// ExpiryInterval is how often the approval expiry job looks for requests that expired
// undecided.
const ExpiryInterval = 15 * time.Minute

// ExpiryArgs is the periodic approval expiry job.
type ExpiryArgs struct{}

// Kind implements river.JobArgs.
func (ExpiryArgs) Kind() string { return "approval_expiry" }

// ExpiryJob is the periodic job to give River: at start-up, then every ExpiryInterval, on
// the elected leader only.
func ExpiryJob() *river.PeriodicJob { return jobs.Periodic(ExpiryInterval, ExpiryArgs{}) }

// RegisterExpiry adds the expiry job's worker to w.
func (s *Service) RegisterExpiry(w *river.Workers) { jobs.AddWork[ExpiryArgs](w, s.NoticeExpired) }

// NoticeExpired closes the requests whose links expired with nobody deciding: for each such
// entry, the requester gets a notification and an email (resend the request from the token's
// page) and the audit trail an approval.expire event, once, in the transaction that records the notice, so
// a second replica or a rerun never tells anyone twice. The entry stays pending and admits
// nothing. It returns how many entries it noticed.
func (s *Service) NoticeExpired(ctx context.Context) (int, error) {
	noticed := 0
	for {
		now := s.now()
		var entries []int64
		err := s.db.NewSelect().Model((*db.ApprovalRequest)(nil)).ColumnExpr("DISTINCT entry_id").
			Where("state = ? AND entry_id IS NOT NULL AND expires_at <= ? AND expiry_noticed_at IS NULL", Pending, now).
			OrderExpr("entry_id").Limit(200).Scan(ctx, &entries)
		if err != nil {
			return noticed, fmt.Errorf("approvals: expired requests: %w", err)
		}
		if len(entries) == 0 {
			return noticed, nil
		}
		for _, id := range entries {
			err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				ok, err := s.noticeEntry(ctx, tx, id, now)
				if ok {
					noticed++
				}
				return err
			})
			if err != nil {
				return noticed, fmt.Errorf("approvals: expired request of entry %d: %w", id, err)
			}
		}
	}
}

// noticeEntry records that the pending requests of entry expired and tells the requester,
// unless another run did it first.
func (s *Service) noticeEntry(ctx context.Context, tx bun.Tx, entry int64, now time.Time) (bool, error) {
	var r db.ApprovalRequest
	if err := tx.NewSelect().Model(&r).Where("entry_id = ? AND state = ? AND expires_at <= ?", entry, Pending, now).
		OrderExpr("id").Limit(1).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil // decided, resent or cancelled since
		}
		return false, err
	}
	res, err := tx.NewUpdate().Model((*db.ApprovalRequest)(nil)).Set("expiry_noticed_at = ?", now).
		Where("entry_id = ? AND state = ? AND expires_at <= ? AND expiry_noticed_at IS NULL", entry, Pending, now).Exec(ctx)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	var tokenID int64
	if r.TokenID != nil {
		tokenID = *r.TokenID
	}
	if err := audit.Record(ctx, tx, now, audit.Event{Action: "approval.expire", TargetType: "token", TargetID: strconv.FormatInt(tokenID, 10),
		TargetLabel: r.TokenName, Details: map[string]any{"cidr": r.CIDR, "entryId": entry, "expiredAt": r.ExpiresAt}}); err != nil {
		return false, err
	}
	if err := s.notify.Email(ctx, tx, notify.EmailArgs{Type: notify.EmailApprovalExpired, ID: r.ID}); err != nil {
		return false, err
	}
	if r.RequesterID == nil {
		return true, nil
	}
	return true, s.notify.Notify(ctx, tx, &db.Notification{UserID: *r.RequesterID, Kind: "approval.expired",
		Title: fmt.Sprintf("The request for %s on %s expired", r.CIDR, r.TokenName),
		Body:  "Nobody decided in time; the address admits nothing until it is approved. Resend the request from the token's page.",
		Link:  "/tokens/" + strconv.FormatInt(tokenID, 10)})
}
