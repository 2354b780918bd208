package approvals

import (
	"context"
	"fmt"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/errs"
)

// decider is the person of ctx when they may decide whitelist entries in the console (a
// signed-in user holding whitelist:approve), else nil: approvals are a person's.
func decider(ctx context.Context) *access.Principal {
	c := access.Caller(ctx)
	if c == nil || c.UserID == 0 || c.Email == "" || !c.Has("whitelist:approve") {
		return nil
	}
	return c
}

// PendingCount is how many pending entries wait on the caller of ctx (0 for anyone who may
// not decide entries): those whose open, unexpired request was sent to them and that they
// did not ask for themselves, in their partner's scope. One count through
// approval_requests_owner_idx, cheap enough for a bell. It counts the requests sent, so a
// change of the deciders shows once the requests are sent again; Decidable applies the rule
// as it stands.
func (s *Service) PendingCount(ctx context.Context) (int, error) {
	c := decider(ctx)
	if c == nil {
		return 0, nil
	}
	var n int
	err := access.Scope(ctx, s.db.NewSelect().Model((*db.ApprovalRequest)(nil)), "partner_id").
		ColumnExpr("count(DISTINCT entry_id)").
		Where("lower(owner_email) = lower(?)", c.Email).Where("state = ?", Pending).Where("entry_id IS NOT NULL").
		Where("expires_at > ?", s.now()).Where("requester_id IS NULL OR requester_id <> ?", c.UserID).
		Scan(ctx, &n)
	if err != nil {
		return 0, fmt.Errorf("approvals: pending count: %w", err)
	}
	return n, nil
}

// Decidable is a count of the pending entries the caller may decide, with the first few.
type Decidable struct {
	Total    int
	Requests []*Request
}

// Decidable returns the pending, unexpired entries the caller of ctx may decide now (the
// separation of duties of the deciding itself), oldest first: their count and the first
// first of them. Nil for a caller who may not decide entries at all.
func (s *Service) Decidable(ctx context.Context, first int) (*Decidable, error) {
	if first < 0 || first > 100 {
		return nil, errs.InvalidField("first", "first must be between 0 and 100")
	}
	if decider(ctx) == nil {
		return nil, nil
	}
	all, err := s.Pending(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := &Decidable{Requests: []*Request{}}
	for _, r := range all {
		if r.CannotDecide != "" || r.Shown != Pending {
			continue
		}
		out.Total++
		if len(out.Requests) < first {
			out.Requests = append(out.Requests, r)
		}
	}
	return out, nil
}
