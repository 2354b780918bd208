package tokens

import (
	"context"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
)

// EntryFor returns the whitelist entry with id whoever asks: for a reader entitled to it
// another way (the approval request that names it, the email about that request).
func (s *Service) EntryFor(ctx context.Context, id int64) (*db.WhitelistEntry, error) {
	e := new(db.WhitelistEntry)
	q := s.db.NewSelect().Model(e).Where("id = ?", id)
	if err := db.Found(ctx, q, errs.NotFoundf("no whitelist entry with id %d", id)); err != nil {
		return nil, wrap("whitelist entry", err)
	}
	return e, nil
}
