package access

import (
	"context"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// ActiveEmails returns the email of each active user of ids (inactive and missing users are
// left out): the addresses that may still be written to.
func (s *Service) ActiveEmails(ctx context.Context, ids []int64) (map[int64]string, error) {
	return emails(ctx, s.db, ids, true)
}

// emails returns the email of each user of ids, of the active ones only if active.
func emails(ctx context.Context, idb bun.IDB, ids []int64, active bool) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var us []db.User
	q := idb.NewSelect().Model(&us).Column("id", "email").Where("id IN (?)", bun.In(ids))
	if active {
		q = q.Where("active = TRUE")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, wrap("emails", err)
	}
	for _, u := range us {
		out[u.ID] = u.Email
	}
	return out, nil
}

// LoginCode returns the sign-in code with id whoever asks: for the email that carries it.
func (s *Service) LoginCode(ctx context.Context, id int64) (*db.LoginCode, error) {
	lc := new(db.LoginCode)
	q := s.db.NewSelect().Model(lc).Where("id = ?", id)
	if err := db.Found(ctx, q, errs.NotFoundf("no sign-in code with id %d", id)); err != nil {
		return nil, wrap("login code", err)
	}
	return lc, nil
}

// SetLoginCode makes code the one of sign-in code id, keeping only its hash, just before the
// email carries it; false when the code was used or replaced meanwhile.
func (s *Service) SetLoginCode(ctx context.Context, id int64, code string) (bool, error) {
	n, err := db.Affected(s.db.NewUpdate().Model((*db.LoginCode)(nil)).Set("code_hash = ?", HashLoginCode(code)).
		Where("id = ? AND used_at IS NULL", id).Exec(ctx))
	return n > 0, wrap("set login code", err)
}
