package tokens

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/jobs"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// ResultOK is the result under which token_use_days counts successful uses; refused ones are
// counted under their reason (the verify API's code).
const ResultOK = "ok"

// UsageRetention is how long the daily counts of token uses are kept.
const UsageRetention = 400 * 24 * time.Hour

// MaxUsageDays bounds a series of daily counts.
const MaxUsageDays = 400

const secondsPerDay = 24 * 60 * 60

// epochDay is the UTC day of t, in days since 1970: cheap enough for every request.
func epochDay(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - secondsPerDay + 1) / secondsPerDay
	}
	return s / secondsPerDay
}

// dayName is an epochDay as token_use_days keeps it: YYYY-MM-DD.
func dayName(day int64) string { return time.Unix(day*secondsPerDay, 0).UTC().Format(time.DateOnly) }

func sortedKeys(batch map[useKey]*use) []useKey {
	return slices.SortedFunc(maps.Keys(batch), func(a, b useKey) int {
		return cmp.Or(cmp.Compare(a.token, b.token), cmp.Compare(a.day, b.day))
	})
}

func usedDays(keys []useKey, batch map[useKey]*use) []db.TokenUseDay {
	rows := make([]db.TokenUseDay, len(keys))
	for i, k := range keys {
		rows[i] = db.TokenUseDay{TokenID: k.token, Day: dayName(k.day), Result: ResultOK, Count: batch[k].count}
	}
	return rows
}

// countDays adds rows to the daily counts, inside a batch's transaction. The rows go in key
// order, so that two batches (usage and refusals, or two replicas) never wait on each other
// in a circle.
func countDays(ctx context.Context, tx bun.Tx, rows []db.TokenUseDay) error {
	slices.SortFunc(rows, func(a, b db.TokenUseDay) int {
		return cmp.Or(cmp.Compare(a.TokenID, b.TokenID), cmp.Compare(a.Day, b.Day), cmp.Compare(a.Result, b.Result))
	})
	for chunk := range slices.Chunk(rows, 500) {
		if _, err := tx.NewInsert().Model(&chunk).On("CONFLICT (token_id, day, result) DO UPDATE").
			Set("count = ?TableAlias.count + EXCLUDED.count").Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// countRefusals is the refusal batch's hook: inside its transaction, it adds the refused
// token uses to the daily counts and notes on each token when it was last refused, and why.
func countRefusals(ctx context.Context, tx bun.Tx, batch []audit.Tally) error {
	type last struct {
		at     time.Time
		reason string
	}
	counts := map[db.TokenUseDay]int64{}
	lasts := map[int64]last{}
	for _, t := range batch {
		if t.Action != "token.use" {
			continue
		}
		var d struct{ Reason string }
		if json.Unmarshal([]byte(t.Details), &d) != nil || d.Reason == "" {
			continue
		}
		var id int64
		if t.TargetType == "token" {
			id, _ = strconv.ParseInt(t.TargetID, 10, 64)
		}
		counts[db.TokenUseDay{TokenID: id, Day: dayName(epochDay(t.First)), Result: d.Reason}] += int64(t.Count)
		if l, ok := lasts[id]; id > 0 && (!ok || t.Last.After(l.at)) {
			lasts[id] = last{t.Last, d.Reason}
		}
	}
	rows := make([]db.TokenUseDay, 0, len(counts))
	for k, n := range counts {
		k.Count = n
		rows = append(rows, k)
	}
	if err := countDays(ctx, tx, rows); err != nil {
		return fmt.Errorf("tokens: count refusals: %w", err)
	}
	for _, id := range slices.Sorted(maps.Keys(lasts)) {
		l := lasts[id]
		if _, err := tx.NewUpdate().Model((*db.Token)(nil)).Set("last_refused_at = ?", l.at).Set("last_refused_reason = ?", l.reason).
			Where("id = ?", id).Where("last_refused_at IS NULL OR last_refused_at <= ?", l.at).Exec(ctx); err != nil {
			return fmt.Errorf("tokens: last refusal: %w", err)
		}
	}
	return nil
}

// UsageDay is one day of a series of token uses: how many succeeded and how many were
// refused.
type UsageDay struct {
	Day         string
	OK, Refused int64
}

// TokenUsage returns the daily uses of the token id over the last days days (today, UTC,
// last), zeros included. The caller has read the token.
func (s *Service) TokenUsage(ctx context.Context, id int64, days int) ([]UsageDay, error) {
	return s.usage(ctx, days, func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("token_id = ?", id) })
}

// DailyUses returns the daily uses of every token the caller of ctx may see (for the
// organisation's own people, unknown tokens' refusals too) over the last days days, or nil
// when the caller may not read tokens.
func (s *Service) DailyUses(ctx context.Context, days int) ([]UsageDay, error) {
	if !access.Caller(ctx).Has("tokens:read") {
		return nil, nil
	}
	return s.usage(ctx, days, func(q *bun.SelectQuery) *bun.SelectQuery {
		if p := access.PartnerOf(ctx); p != nil {
			q = q.Where("token_id IN (SELECT id FROM tokens WHERE partner_id = ?)", *p)
		}
		return q
	})
}

func (s *Service) usage(ctx context.Context, days int, where func(*bun.SelectQuery) *bun.SelectQuery) ([]UsageDay, error) {
	if days < 1 || days > MaxUsageDays {
		return nil, errs.InvalidField("days", "days must be between 1 and %d", MaxUsageDays)
	}
	today := epochDay(s.now())
	var rows []struct {
		Day     string `bun:"day"`
		OK      int64  `bun:"ok"`
		Refused int64  `bun:"refused"`
	}
	q := s.db.NewSelect().Model((*db.TokenUseDay)(nil)).Column("day").
		ColumnExpr("sum(CASE WHEN result = ? THEN count ELSE 0 END) AS ok", ResultOK).
		ColumnExpr("sum(CASE WHEN result = ? THEN 0 ELSE count END) AS refused", ResultOK).
		Where("day >= ?", dayName(today-int64(days)+1)).Group("day")
	if err := where(q).Scan(ctx, &rows); err != nil {
		return nil, wrap("usage", err)
	}
	byDay := map[string]UsageDay{}
	for _, r := range rows {
		byDay[r.Day] = UsageDay{Day: r.Day, OK: r.OK, Refused: r.Refused}
	}
	out := make([]UsageDay, days)
	for i := range out {
		d := dayName(today - int64(days-1-i))
		out[i] = byDay[d]
		out[i].Day = d
	}
	return out, nil
}

// Refusal is when a token was last refused, and why.
type Refusal struct {
	At     time.Time
	Reason string
}

// LastRefusal is when t was last refused and why, as the refusal batch last wrote it (nil:
// never).
func LastRefusal(t *db.Token) *Refusal {
	if t.LastRefusedAt == nil {
		return nil
	}
	return &Refusal{At: *t.LastRefusedAt, Reason: t.LastRefusedReason}
}

// PruneUsage removes the daily counts of the days before the day of before; it returns how
// many rows it removed.
func (s *Service) PruneUsage(ctx context.Context, before time.Time) (int, error) {
	n, err := db.Affected(s.db.NewDelete().Model((*db.TokenUseDay)(nil)).Where("day < ?", dayName(epochDay(before))).Exec(ctx))
	return n, wrap("prune usage", err)
}

// PruneUsageArgs is the daily job that keeps the counts of the last UsageRetention.
type PruneUsageArgs struct{}

// Kind implements river.JobArgs.
func (PruneUsageArgs) Kind() string { return "token_usage_prune" }

// PruneUsageJob runs PruneUsage at start-up and then daily, on one replica.
func PruneUsageJob() *river.PeriodicJob { return jobs.Periodic(24*time.Hour, PruneUsageArgs{}) }

// RegisterPruneUsage adds PruneUsageJob's worker to w.
func (s *Service) RegisterPruneUsage(w *river.Workers) {
	jobs.AddWork[PruneUsageArgs](w, func(ctx context.Context) (int, error) {
		return s.PruneUsage(ctx, s.now().Add(-UsageRetention))
	})
}
