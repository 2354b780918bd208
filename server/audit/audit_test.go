package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/audit"
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
		// Cursor paging walks every event once, newest first.
		n, seen, last := 7, map[int64]bool{}, int64(1<<62)
		var after *string
		for {
			pg, err := audit.List(ctx, d, audit.Filter{}, page.Request{First: &n, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range pg.Rows {
				if seen[ev.ID] || ev.ID >= last {
					t.Fatalf("event %d out of order or repeated", ev.ID)
				}
				seen[ev.ID], last = true, ev.ID
			}
			if !pg.HasNext {
				break
			}
			c := page.Cursor(last)
			after = &c
		}
		if len(seen) != 32 {
			t.Fatalf("paged through %d events", len(seen))
		}
		if !strings.Contains(all.Rows[len(all.Rows)-1].Details, `"i":`) {
			t.Fatal("details are kept as JSON")
		}
	})
}
