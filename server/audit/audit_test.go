package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/page"
	"github.com/uptrace/bun"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestRecordAndList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorUser, ID: "7", Label: "ada@example.com", IP: "203.0.113.5", UserAgent: "Firefox"})
		rec := func(at time.Time, e audit.Event) {
			t.Helper()
			if err := d.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return audit.Record(ctx, tx, at, e) }); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 30; i++ {
			rec(start.Add(time.Duration(i)*time.Minute), audit.Event{Action: "role.update", TargetType: "role", TargetID: "3", TargetLabel: "Support", Details: map[string]any{"i": i}})
		}
		rec(start.Add(time.Hour), audit.Event{Action: "user.login", Outcome: audit.Failure, Actor: &audit.Actor{Type: audit.ActorAnonymous, Label: "grace@example.com"}})
		rec(start.Add(2*time.Hour), audit.Event{Action: "user.logout"})
		// A failed transaction leaves no event.
		_ = d.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			_ = audit.Record(ctx, tx, start, audit.Event{Action: "ghost.event"})
			return errs.InvalidField("x", "no")
		})

		all, err := audit.List(ctx, d, audit.Filter{}, page.Request{})
		if err != nil || all.Total != 32 || all.Rows[0].Action != "user.logout" {
			t.Fatalf("newest first: %+v %v", all.Rows[:1], err)
		}
		first := all.Rows[0]
		if first.ActorLabel != "ada@example.com" || first.IP != "203.0.113.5" || first.UserAgent != "Firefox" || first.ActorType != audit.ActorUser {
			t.Fatalf("actor from the context: %+v", first)
		}
		login, _ := audit.List(ctx, d, audit.Filter{Action: "user.login"}, page.Request{})
		if login.Total != 1 || login.Rows[0].ActorLabel != "grace@example.com" || login.Rows[0].IP != "203.0.113.5" || login.Rows[0].Outcome != audit.Failure {
			t.Fatalf("explicit actor keeps the request's IP: %+v", login.Rows)
		}
		users, _ := audit.List(ctx, d, audit.Filter{Action: "user."}, page.Request{})
		roles, _ := audit.List(ctx, d, audit.Filter{Action: "role."}, page.Request{})
		if users.Total != 2 || roles.Total != 30 {
			t.Fatalf("prefixes: user.=%d role.=%d", users.Total, roles.Total)
		}
		ghost, _ := audit.List(ctx, d, audit.Filter{Action: "ghost.event"}, page.Request{})
		if ghost.Total != 0 {
			t.Fatal("an event of a rolled-back transaction was kept")
		}
		grace, _ := audit.List(ctx, d, audit.Filter{Actor: "GRACE"}, page.Request{})
		failures, _ := audit.List(ctx, d, audit.Filter{Outcome: audit.Failure}, page.Request{})
		if grace.Total != 1 || failures.Total != 1 {
			t.Fatalf("actor %d, failures %d", grace.Total, failures.Total)
		}
		from, to := start.Add(10*time.Minute), start.Add(19*time.Minute)
		window, _ := audit.List(ctx, d, audit.Filter{From: &from, To: &to}, page.Request{})
		if window.Total != 10 {
			t.Fatalf("time window: %d", window.Total)
		}
		if _, err := audit.List(ctx, d, audit.Filter{From: &to, To: &from}, page.Request{}); errs.As(err) == nil || errs.As(err).Field != "to" {
			t.Fatalf("to before from: %v", err)
		}
		// Cursor paging walks every event once, newest first, events of one instant by id.
		for i := 0; i < 5; i++ {
			rec(start.Add(30*time.Minute), audit.Event{Action: "role.update", TargetType: "role", TargetID: "4"})
		}
		n, seen := 7, map[int64]bool{}
		var last *db.AuditEvent
		var after *string
		for {
			pg, err := audit.List(ctx, d, audit.Filter{}, page.Request{First: &n, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for i, ev := range pg.Rows {
				if seen[ev.ID] || last != nil && (ev.At.After(last.At) || ev.At.Equal(last.At) && ev.ID >= last.ID) {
					t.Fatalf("event %d (%s) out of order or repeated after %d (%s)", ev.ID, ev.At, last.ID, last.At)
				}
				seen[ev.ID], last = true, &pg.Rows[i]
			}
			if !pg.HasNext {
				break
			}
			c := audit.Cursor(last)
			after = &c
		}
		if len(seen) != 37 {
			t.Fatalf("paged through %d events", len(seen))
		}
		if !strings.Contains(all.Rows[len(all.Rows)-1].Details, `"i":`) {
			t.Fatal("details are kept as JSON")
		}
	})
}

// A trail longer than the count limit: searches and prefixes that match more events than it
// read along the trail's order, those that match fewer through their index, and both give
// the events they mean, newest first.
func TestListLongTrail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Twice CountLimit and 30 events; every third by Ada, the rest by Grace; every tenth a
		// role change, the rest logins.
		_, err := d.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO audit_events (at, actor_type, actor_label, action, outcome)
			SELECT ?, 'USER', CASE WHEN i % 3 = 0 THEN 'Ada@example.com' ELSE 'grace@example.com' END,
				CASE WHEN i % 10 = 0 THEN 'role.update' ELSE 'user.login' END, 'SUCCESS' FROM n`,
			2*page.CountLimit+30, start)
		if err != nil {
			t.Fatal(err)
		}
		// Refusals written in a batch are searchable by actor too.
		r := audit.NewRefusals(d, clock.NewFake(start.Add(time.Hour)))
		r.Add(audit.WithActor(ctx, audit.Actor{Type: audit.ActorToken, Label: "Nightly export"}), audit.Event{Action: "token.use", Details: map[string]any{"reason": "expired"}})
		if err := r.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		n := 50
		for _, c := range []struct {
			name   string
			f      audit.Filter
			total  int
			exact  bool
			actor  string
			action string
		}{
			{"every event", audit.Filter{}, page.CountLimit, false, "", ""},
			{"an actor with more events than the limit", audit.Filter{Actor: "GRACE"}, page.CountLimit, false, "grace@example.com", ""},
			{"an actor with fewer", audit.Filter{Actor: "ada@"}, (2*page.CountLimit + 30) / 3, true, "Ada@example.com", ""},
			{"an actor of a batch of refusals", audit.Filter{Actor: "nightly"}, 1, true, "Nightly export", "token.use"},
			{"a prefix of more events than the limit", audit.Filter{Action: "user."}, page.CountLimit, false, "", "user.login"},
			{"a prefix of fewer", audit.Filter{Action: "role."}, (2*page.CountLimit + 30) / 10, true, "", "role.update"},
			{"nobody", audit.Filter{Actor: "nobody"}, 0, true, "", ""},
		} {
			pg, err := audit.List(ctx, d, c.f, page.Request{First: &n})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if pg.Total != c.total || pg.TotalExact != c.exact {
				t.Errorf("%s: total %d exact=%v; want %d exact=%v", c.name, pg.Total, pg.TotalExact, c.total, c.exact)
			}
			if want := min(n, c.total); len(pg.Rows) != want {
				t.Errorf("%s: %d rows; want %d", c.name, len(pg.Rows), want)
			}
			for i, e := range pg.Rows {
				if c.actor != "" && e.ActorLabel != c.actor || c.action != "" && e.Action != c.action {
					t.Fatalf("%s: row %d is %s by %s", c.name, i, e.Action, e.ActorLabel)
				}
				if i > 0 && (e.At.After(pg.Rows[i-1].At) || e.At.Equal(pg.Rows[i-1].At) && e.ID > pg.Rows[i-1].ID) {
					t.Fatalf("%s: row %d out of order", c.name, i)
				}
			}
		}
	})
}
