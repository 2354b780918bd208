package tokens

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// MaxBulk is how many tokens one bulk revocation takes.
const MaxBulk = 100

// revokeIn revokes t inside tx, as by at now: its row stays, its replaced secrets' grace ends,
// and the audit trail records it.
func revokeIn(ctx context.Context, tx bun.Tx, t *db.Token, now time.Time, by string) error {
	t.RevokedAt, t.RevokedBy, t.UpdatedAt = &now, by, now
	if _, err := tx.NewUpdate().Model(t).WherePK().Column("revoked_at", "revoked_by", "updated_at").Exec(ctx); err != nil {
		return err
	}
	if _, err := tx.NewDelete().Model((*db.TokenSecret)(nil)).Where("token_id = ?", t.ID).Where("expires_at IS NOT NULL").Exec(ctx); err != nil {
		return err
	}
	return audit.Record(ctx, tx, now, event(t, "token.revoke", nil))
}

// RevokeMany revokes the tokens ids, all or none, in one transaction: each as Revoke does
// (the caller must see it and hold its role; one already revoked stays as it is). The first
// token refused names itself and nothing is written. It returns the tokens in the order of
// ids, and drops them from the cache once they are revoked.
func (s *Service) RevokeMany(ctx context.Context, ids []int64) ([]db.Token, error) {
	switch {
	case len(ids) == 0:
		return nil, errs.InvalidField("ids", "name at least one token")
	case len(ids) > MaxBulk:
		return nil, errs.InvalidField("ids", "at most %d tokens are revoked at once, not %d", MaxBulk, len(ids))
	}
	now := s.now()
	by, _ := actorLabel(ctx)
	out := make([]db.Token, 0, len(ids))
	seen := map[int64]bool{}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			t, err := tokenByID(ctx, tx, id, true)
			if err != nil {
				return err
			}
			if _, err := s.access.HoldsRole(ctx, tx, t.RoleID, "ids", "revoke the token "+t.Name); err != nil {
				return err
			}
			if t.RevokedAt == nil {
				if err := revokeIn(ctx, tx, t, now, by); err != nil {
					return err
				}
			}
			out = append(out, *t)
		}
		return nil
	})
	if err != nil {
		return nil, wrap("revoke", err)
	}
	for id := range seen {
		s.cache.Invalidate(id)
	}
	return out, nil
}
