package tokens

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/uptrace/bun"
)

// Both scan queries are served by tokens_reminder_idx, so the scan stays cheap however many
// tokens there are: it reads only the opted-in tokens near (or just past) their expiry.
func TestExpiryScanUsesTheReminderIndex(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		// As in real life, few tokens ask for reminders: the planner then prefers the index of
		// the opted-in tokens to that of every live token (tokens_live_idx), once it knows.
		var roleID int64
		if err := d.NewSelect().Table("roles").Column("id").Limit(1).Scan(ctx, &roleID); err != nil {
			t.Fatal(err)
		}
		var ts []db.Token
		for i := range 500 {
			exp := now.Add(time.Duration(i-250) * time.Hour) // expired and not yet
			ts = append(ts, db.Token{Name: fmt.Sprintf("token %d", i), RoleID: roleID, Hint: "kw_…", ExpiresAt: &exp,
				ExpiryReminders: i%50 == 0, CreatedAt: now, UpdatedAt: now})
		}
		if _, err := d.NewInsert().Model(&ts).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, "ANALYZE"); err != nil {
			t.Fatal(err)
		}
		for name, q := range map[string]*bun.SelectQuery{
			"reminders": dueQuery(d, now, 15*24*time.Hour, 500),
			"expired":   expiredQuery(d, now, 15*24*time.Hour, 500),
		} {
			var plan []string
			err := d.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				explain := "EXPLAIN QUERY PLAN "
				if d.Engine == db.Postgres {
					// An empty table makes any plan cheap: ask what Postgres would do at scale.
					if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
						return err
					}
					explain = "EXPLAIN "
				}
				rows, err := tx.QueryContext(ctx, explain+q.String())
				if err != nil {
					return err
				}
				defer rows.Close()
				cols, _ := rows.Columns()
				for rows.Next() {
					vals := make([]any, len(cols))
					ptrs := make([]any, len(cols))
					for i := range vals {
						ptrs[i] = &vals[i]
					}
					if err := rows.Scan(ptrs...); err != nil {
						return err
					}
					for _, v := range vals {
						if s, ok := v.(string); ok {
							plan = append(plan, s)
						} else if b, ok := v.([]byte); ok {
							plan = append(plan, string(b))
						}
					}
				}
				return rows.Err()
			})
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(plan, "\n")
			if !strings.Contains(text, "tokens_reminder_idx") || strings.Contains(text, "Seq Scan") || strings.Contains(text, "SCAN tokens\n") {
				t.Errorf("%s scan plan does not use tokens_reminder_idx:\n%s", name, text)
			}
		}
	})
}
