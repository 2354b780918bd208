package tokens

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/page"
	"github.com/uptrace/bun"
)

// noEntries holds for a token without a single whitelist entry: with requireWhitelist off,
// it admits every address. has_whitelist follows the entries (setHasWhitelist), so that a
// count reads tokens_open_idx instead of probing whitelist_entries once a token.
const noEntries = "token.has_whitelist = FALSE"

// openCondition is the condition for the tokens that admit every address (open true) or the
// others (false), under the settings in force: with requireWhitelist on, none does. "" when
// open is nil.
func (s *Service) openCondition(ctx context.Context, open *bool) (string, error) {
	if open == nil {
		return "", nil
	}
	pol, err := s.policy(ctx)
	if err != nil {
		return "", err
	}
	switch {
	case pol.RequireWhitelist && *open:
		return "1 = 0", nil
	case pol.RequireWhitelist:
		return "", nil
	case *open:
		return noEntries, nil
	}
	return "token.has_whitelist = TRUE", nil
}

// Summary is a count of tokens with the first few of them.
type Summary struct {
	// Total is how many match, counted up to page.CountLimit (TotalExact false beyond).
	Total      int
	TotalExact bool
	Tokens     []db.Token
}

// DefaultSummarySize is how many tokens a Summary lists unless asked.
const DefaultSummarySize = 5

func summarySize(first *int) (int, error) {
	if first == nil {
		return DefaultSummarySize, nil
	}
	if *first < 0 || *first > page.MaxSize {
		return 0, errs.InvalidField("first", "first must be between 0 and %d", page.MaxSize)
	}
	return *first, nil
}

// Expiring returns the active tokens the caller of ctx may see that expire within window
// (the reminder window), soonest first, or nil when the caller may not read tokens.
func (s *Service) Expiring(ctx context.Context, window time.Duration, first *int) (*Summary, error) {
	now := s.now()
	return s.summary(ctx, first, "expires_at, id", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("revoked_at IS NULL").Where("expires_at > ?", now).Where("expires_at <= ?", now.Add(window))
	})
}

// Open returns the active tokens the caller of ctx may see that admit every address (no
// whitelist entry, and requireWhitelist off), newest first, or nil when the caller may not
// read tokens.
func (s *Service) Open(ctx context.Context, first *int) (*Summary, error) {
	open := true
	cond, err := s.openCondition(ctx, &open)
	if err != nil {
		return nil, err
	}
	now := s.now()
	return s.summary(ctx, first, "id DESC", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where(cond).Where("revoked_at IS NULL").WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("expires_at IS NULL").WhereOr("expires_at > ?", now)
		})
	})
}

func (s *Service) summary(ctx context.Context, first *int, order string, where func(*bun.SelectQuery) *bun.SelectQuery) (*Summary, error) {
	n, err := summarySize(first)
	if err != nil {
		return nil, err
	}
	if !access.Caller(ctx).Has("tokens:read") {
		return nil, nil
	}
	scoped := func(q *bun.SelectQuery) *bun.SelectQuery { return where(access.Scope(ctx, q, "partner_id")) }
	out := &Summary{Tokens: []db.Token{}}
	if out.Total, out.TotalExact, err = page.Count[db.Token](ctx, s.db, page.CountLimit, scoped); err != nil {
		return nil, wrap("summary", err)
	}
	if out.Total == 0 || n == 0 {
		return out, nil
	}
	if err := scoped(s.db.NewSelect().Model(&out.Tokens)).OrderExpr(order).Limit(int64(n)).Scan(ctx); err != nil {
		return nil, wrap("summary", err)
	}
	return out, nil
}
