package tokens

import (
	"context"
	"net/netip"
	"strconv"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// setHasWhitelist brings the token's has_whitelist in line with its entries, in the
// transaction that just added or removed one.
func setHasWhitelist(ctx context.Context, tx bun.Tx, tokenID int64) error {
	_, err := tx.NewUpdate().Table("tokens").
		Set("has_whitelist = EXISTS (SELECT 1 FROM whitelist_entries WHERE token_id = ?)", tokenID).
		Where("id = ?", tokenID).Exec(ctx)
	return err
}

// MarkWhitelisted sets has_whitelist on every token with an entry: for entries written
// around the service, in bulk (the list benchmark's seed).
func MarkWhitelisted(ctx context.Context, idb bun.IDB) error {
	_, err := idb.NewUpdate().Table("tokens").Set("has_whitelist = TRUE").
		Where("id IN (SELECT token_id FROM whitelist_entries)").Exec(ctx)
	return err
}

// insertEntry adds one canonical entry to t: APPROVED at once, or PENDING when the settings
// ask for a Business Owner's approval (the hooks then open the request).
func (s *Service) insertEntry(ctx context.Context, tx bun.Tx, t *db.Token, p netip.Prefix, note, by string) (*db.WhitelistEntry, error) {
	pol, err := s.policy(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	e := &db.WhitelistEntry{TokenID: t.ID, CIDR: p.String(), Status: EntryApproved, Note: note, RequestedBy: by, CreatedAt: now}
	if pol.WhitelistApproval {
		e.Status = EntryPending
	} else {
		e.DecidedBy, e.DecidedAt = by, &now
	}
	if _, err := tx.NewInsert().Model(e).Returning("id").Exec(ctx); err != nil {
		if db.IsUniqueViolation(err) {
			return nil, errs.ConflictField("cidr", "%s is already on the whitelist of %s", e.CIDR, t.Name)
		}
		return nil, err
	}
	if err := setHasWhitelist(ctx, tx, t.ID); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, now, audit.Event{Action: "whitelist.add", TargetType: "token", TargetID: strconv.FormatInt(t.ID, 10),
		TargetLabel: t.Name, Details: map[string]any{"cidr": e.CIDR, "status": e.Status, "entryId": e.ID}}); err != nil {
		return nil, err
	}
	for _, fn := range s.onEntry {
		if err := fn(ctx, tx, t, e); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// AddWhitelistEntry adds an IP address or CIDR range to a token's whitelist.
func (s *Service) AddWhitelistEntry(ctx context.Context, tokenID int64, cidr, note string) (*db.WhitelistEntry, error) {
	p, err := ParseCIDR("cidr", cidr)
	if err != nil {
		return nil, err
	}
	if note, err = access.Line("note", "note", note, 200, false); err != nil {
		return nil, err
	}
	t, err := s.Changeable(ctx, tokenID, "add an address to")
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, errs.InvalidField("tokenId", "the token does not exist")
		}
		return nil, err
	}
	if t.RevokedAt != nil {
		return nil, errs.ConflictField("", "the token %s is revoked and can no longer be changed", t.Name)
	}
	by, _ := actorLabel(ctx)
	var e *db.WhitelistEntry
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		e, err = s.insertEntry(ctx, tx, t, p, note, by)
		return err
	})
	if err != nil {
		return nil, wrap("add whitelist entry", err)
	}
	s.cache.Invalidate(tokenID)
	return e, nil
}

// RemoveWhitelistEntry takes an entry off its token's whitelist.
func (s *Service) RemoveWhitelistEntry(ctx context.Context, id int64) error {
	e, err := s.EntryFor(ctx, id)
	if err != nil {
		return err
	}
	t, err := s.Changeable(ctx, e.TokenID, "remove an address from")
	if err != nil {
		return err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model(e).WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := setHasWhitelist(ctx, tx, t.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), audit.Event{Action: "whitelist.remove", TargetType: "token", TargetID: strconv.FormatInt(t.ID, 10),
			TargetLabel: t.Name, Details: map[string]any{"cidr": e.CIDR, "status": e.Status}})
	})
	if err != nil {
		return wrap("remove whitelist entry", err)
	}
	s.cache.Invalidate(t.ID)
	return nil
}

// Whitelists returns the entries of each token, in the order they were added.
func (s *Service) Whitelists(ctx context.Context, tokenIDs []int64) (map[int64][]db.WhitelistEntry, error) {
	var es []db.WhitelistEntry
	if err := s.db.NewSelect().Model(&es).Where("token_id IN (?)", bun.In(tokenIDs)).OrderExpr("id").Scan(ctx); err != nil {
		return nil, wrap("whitelists", err)
	}
	out := make(map[int64][]db.WhitelistEntry, len(tokenIDs))
	for _, e := range es {
		out[e.TokenID] = append(out[e.TokenID], e)
	}
	return out, nil
}
