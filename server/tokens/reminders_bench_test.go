package tokens

import (
	"context"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
)

// benchTokens is how many tokens the scan benchmarks seed: the million the reminder scan
// must stay cheap with.
const benchTokens = 1_000_000

// benchBatch is the batch the expiry scan reads at a time.
const benchBatch = 500

// BenchmarkExpiryScanBatch reads one batch of the expiry scan (reminders due, then expired
// tokens) from a million opted-in tokens whose expiries spread over a year either side of
// now, about 41,000 of them inside the 15-day window: tokens_reminder_idx makes the cost
// that of the batch, not of the table.
func BenchmarkExpiryScanBatch(b *testing.B) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run("database="+string(dialect), func(b *testing.B) {
			d := dbtest.Open(b, dialect)
			seedTokens(b, d, benchTokens)
			now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				var due, expired []db.Token
				if err := dueQuery(d, now, 15*24*time.Hour, benchBatch).Scan(ctx, &due); err != nil {
					b.Fatal(err)
				}
				if err := expiredQuery(d, now, 15*24*time.Hour, benchBatch).Scan(ctx, &expired); err != nil {
					b.Fatal(err)
				}
				if len(due) != benchBatch || len(expired) != benchBatch {
					b.Fatalf("a batch read %d due and %d expired tokens, want %d each", len(due), len(expired), benchBatch)
				}
			}
		})
	}
}

// seedTokens inserts n opted-in tokens in SQL, token i expiring i*(2 years/n) after a year
// before 2026-03-01 09:00 UTC, so that both scan windows are full.
func seedTokens(b *testing.B, d *db.DB, n int) {
	b.Helper()
	ctx := context.Background()
	var roleID int64
	if err := d.NewRaw("SELECT min(id) FROM roles").Scan(ctx, &roleID); err != nil {
		b.Fatal(err)
	}
	step := int64(2*365*24*3600) / int64(n) // seconds between expiries
	var q string
	switch d.Engine {
	case db.SQLite:
		// Times as bun's SQLite dialect writes them, so that they compare with its parameters.
		q = `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
			INSERT INTO tokens (name, role_id, hint, expires_at, expiry_reminders, created_at, updated_at)
			SELECT 'bench ' || i, ?, 'kw_…abcd',
				strftime('%Y-%m-%d %H:%M:%S', '2025-03-01 09:00:00', '+' || (i * ?) || ' seconds') || '+00:00',
				TRUE, '2025-01-01 00:00:00+00:00', '2025-01-01 00:00:00+00:00' FROM s`
	default:
		q = `INSERT INTO tokens (name, role_id, hint, expires_at, expiry_reminders, created_at, updated_at)
			SELECT 'bench ' || i, ?, 'kw_…abcd', TIMESTAMPTZ '2025-03-01 09:00:00+00' + make_interval(secs => i * ?),
				TRUE, TIMESTAMPTZ '2025-01-01 00:00:00+00', TIMESTAMPTZ '2025-01-01 00:00:00+00'
			FROM generate_series(1, ?) AS i`
	}
	args := []any{n, roleID, step}
	if d.Engine != db.SQLite {
		args = []any{roleID, step, n}
	}
	if _, err := d.ExecContext(ctx, q, args...); err != nil {
		b.Fatal(err)
	}
	if d.Engine == db.Postgres {
		if _, err := d.ExecContext(ctx, "ANALYZE tokens"); err != nil {
			b.Fatal(err)
		}
	}
}
