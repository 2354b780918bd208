package approvals

import (
	"context"
	"fmt"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
)

// RequestRow returns the stored approval request with id whoever asks: for the emails about
// it, which are sent by a job, with nobody signed in.
func (s *Service) RequestRow(ctx context.Context, id int64) (*db.ApprovalRequest, error) {
	r := new(db.ApprovalRequest)
	q := s.db.NewSelect().Model(r).Where("id = ?", id)
	if err := db.Found(ctx, q, errs.NotFoundf("no approval request with id %d", id)); err != nil {
		return nil, fmt.Errorf("approvals: request %d: %w", id, err)
	}
	return r, nil
}

// SetLink makes linkHash the hash of the link that opens pending request id, sent at
// sentAt; the link before it stops working. False when the request is no longer pending.
func (s *Service) SetLink(ctx context.Context, id int64, linkHash string, sentAt time.Time) (bool, error) {
	n, err := db.Affected(s.db.NewUpdate().Model((*db.ApprovalRequest)(nil)).Set("link_hash = ?", linkHash).Set("sent_at = ?", sentAt).
		Where("id = ? AND state = ?", id, Pending).Exec(ctx))
	if err != nil {
		return false, fmt.Errorf("approvals: set link of %d: %w", id, err)
	}
	return n > 0, nil
}
