package page_test

import (
	"context"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/page"
	"github.com/uptrace/bun"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestTimeCursor(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 123456000, time.FixedZone("CET", 3600))
	c := page.TimeCursor(at, 42)
	gotAt, gotID, err := page.Request{After: &c}.AfterTime()
	if err != nil || !gotAt.Equal(at) || gotAt.Location() != time.UTC || gotID != 42 {
		t.Fatalf("round trip: %s %d %v", gotAt, gotID, err)
	}
	if _, id, err := (page.Request{}).AfterTime(); err != nil || id != 0 {
		t.Fatalf("no cursor: %d %v", id, err)
	}
	for _, bad := range []string{page.Cursor(42), "bm9wZQ", "!", page.TimeCursor(at, 0)} {
		if _, _, err := (page.Request{After: &bad}).AfterTime(); errs.As(err) == nil || errs.As(err).Field != "after" {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestBoundedCount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// CountLimit+5 events, every fifth a login.
		_, err := d.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO audit_events (at, actor_type, action, outcome)
			SELECT ?, 'SYSTEM', CASE WHEN i % 5 = 0 THEN 'user.login' ELSE 'role.update' END, 'SUCCESS' FROM n`,
			page.CountLimit+5, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		all := func(q *bun.SelectQuery) *bun.SelectQuery { return q }
		logins := func(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("action = 'user.login'") }
		for _, c := range []struct {
			name  string
			limit int
			where func(*bun.SelectQuery) *bun.SelectQuery
			n     int
			exact bool
		}{
			{"unlimited", 0, all, page.CountLimit + 5, true},
			{"beyond the limit", page.CountLimit, all, page.CountLimit, false},
			{"within the limit", page.CountLimit, logins, (page.CountLimit + 5) / 5, true},
			{"exactly the limit", 2001, logins, 2001, true},
			{"one beyond", 2000, logins, 2000, false},
		} {
			n, exact, err := page.Count[db.AuditEvent](ctx, d, c.limit, c.where)
			if err != nil || n != c.n || exact != c.exact {
				t.Errorf("%s: %d exact=%v %v; want %d exact=%v", c.name, n, exact, err, c.n, c.exact)
			}
		}

		// A bounded page says whether its total is exact, and reads its page the way the
		// count says suits: few matching rows through an index, many along the order.
		var readings []page.Reading
		where := func(action string) func(*bun.SelectQuery, page.Reading) *bun.SelectQuery {
			return func(q *bun.SelectQuery, r page.Reading) *bun.SelectQuery {
				readings = append(readings, r)
				if action == "" {
					return q
				}
				return q.Where("action = ?", action)
			}
		}
		n := 10
		many, err := page.SelectBounded[db.AuditEvent](ctx, d, page.Request{First: &n}, true, where(""))
		if err != nil || many.Total != page.CountLimit || many.TotalExact || len(many.Rows) != 10 || !many.HasNext {
			t.Fatalf("many: total %d exact=%v rows %d next=%v %v", many.Total, many.TotalExact, len(many.Rows), many.HasNext, err)
		}
		few, err := page.SelectBounded[db.AuditEvent](ctx, d, page.Request{First: &n}, true, where("user.login"))
		if err != nil || few.Total != (page.CountLimit+5)/5 || !few.TotalExact || len(few.Rows) != 10 {
			t.Fatalf("few: total %d exact=%v rows %d %v", few.Total, few.TotalExact, len(few.Rows), err)
		}
		none, err := page.SelectBounded[db.AuditEvent](ctx, d, page.Request{First: &n}, true, where("ghost.event"))
		if err != nil || none.Total != 0 || !none.TotalExact || len(none.Rows) != 0 || none.HasNext {
			t.Fatalf("none: %+v %v", none, err)
		}
		want := []page.Reading{page.Counting, page.Many, page.Counting, page.Few, page.Counting}
		if len(readings) != len(want) {
			t.Fatalf("readings %v, want %v (no page read when nothing matches)", readings, want)
		}
		for i := range want {
			if readings[i] != want[i] {
				t.Fatalf("readings %v, want %v", readings, want)
			}
		}
		exact, err := page.Select[db.AuditEvent](ctx, d, page.Request{First: &n}, true, func(q *bun.SelectQuery) *bun.SelectQuery { return q })
		if err != nil || exact.Total != page.CountLimit+5 || !exact.TotalExact {
			t.Fatalf("Select counts every row: %d exact=%v %v", exact.Total, exact.TotalExact, err)
		}
	})
}

func TestSelectSearched(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO audit_events (at, actor_type, actor_label, action, outcome)
			SELECT ?, 'SYSTEM', CASE WHEN i % 100 = 0 THEN 'Rare Actor' ELSE 'common actor' END, 'role.update', 'SUCCESS' FROM n`,
			page.CountLimit+5, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var readings []page.Reading
		search := func(term string) func(*bun.SelectQuery, page.Reading) *bun.SelectQuery {
			return func(q *bun.SelectQuery, r page.Reading) *bun.SelectQuery {
				readings = append(readings, r)
				if r == page.Many {
					return q.Where(page.Contains(d, "lower(actor_label)"), term)
				}
				return q.Where("lower(actor_label) LIKE ?", "%"+term+"%")
			}
		}
		// Few: every page comes by id from the collected ids, in order, once each, both ways.
		for _, newestFirst := range []bool{true, false} {
			n, seen, last := 7, map[int64]bool{}, int64(0)
			var after *string
			for {
				pg, err := page.SelectSearched[db.AuditEvent](ctx, d, page.Request{First: &n, After: after}, newestFirst, search("rare"))
				if err != nil {
					t.Fatal(err)
				}
				if pg.Total != (page.CountLimit+5)/100 || !pg.TotalExact {
					t.Fatalf("total %d exact=%v", pg.Total, pg.TotalExact)
				}
				for _, e := range pg.Rows {
					if seen[e.ID] || e.ActorLabel != "Rare Actor" || last != 0 && (newestFirst && e.ID >= last || !newestFirst && e.ID <= last) {
						t.Fatalf("newest first %v: event %d (%s) after %d", newestFirst, e.ID, e.ActorLabel, last)
					}
					seen[e.ID], last = true, e.ID
				}
				if !pg.HasNext {
					break
				}
				c := page.Cursor(last)
				after = &c
			}
			if len(seen) != (page.CountLimit+5)/100 {
				t.Fatalf("newest first %v: paged through %d events", newestFirst, len(seen))
			}
		}
		// Many: counting stops at the limit, and the page is read along the order.
		readings = nil
		n := 10
		pg, err := page.SelectSearched[db.AuditEvent](ctx, d, page.Request{First: &n}, true, search("actor"))
		if err != nil || pg.Total != page.CountLimit || pg.TotalExact || len(pg.Rows) != 10 || !pg.HasNext || pg.Rows[0].ID <= pg.Rows[9].ID {
			t.Fatalf("many: %d exact=%v rows %d next=%v %v", pg.Total, pg.TotalExact, len(pg.Rows), pg.HasNext, err)
		}
		if len(readings) != 2 || readings[0] != page.Counting || readings[1] != page.Many {
			t.Fatalf("readings %v", readings)
		}
		none, err := page.SelectSearched[db.AuditEvent](ctx, d, page.Request{First: &n}, true, search("nobody"))
		if err != nil || none.Total != 0 || !none.TotalExact || len(none.Rows) != 0 {
			t.Fatalf("none: %+v %v", none, err)
		}
	})
}
