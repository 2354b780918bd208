package audit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
)

// counts returns, per action, the events written and the refusals they count.
func counts(t *testing.T, d *db.DB) (events map[string]int, refusals map[string]int) {
	t.Helper()
	var rows []struct {
		Action  string `bun:"action"`
		Details string `bun:"details"`
	}
	if err := d.NewSelect().Table("audit_events").Column("action", "details").Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	events, refusals = map[string]int{}, map[string]int{}
	for _, r := range rows {
		var v struct{ Count int }
		if err := json.Unmarshal([]byte(r.Details), &v); err != nil {
			t.Fatal(err)
		}
		events[r.Action]++
		refusals[r.Action] += v.Count
	}
	return events, refusals
}

func TestRefusalsAreCountedAndWrittenInBatches(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := audit.NewRefusals(d, clock.NewFake(start))
		from := func(ip string) context.Context {
			return audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorAnonymous, IP: ip})
		}
		for i := 0; i < 50; i++ {
			r.Add(from("203.0.113.1"), audit.Event{Action: "token.use", Details: map[string]any{"reason": "malformed"}})
		}
		r.Add(from("203.0.113.2"), audit.Event{Action: "token.use", Details: map[string]any{"reason": "malformed"}})
		r.Add(from("203.0.113.2"), audit.Event{Action: "token.use", Details: map[string]any{"reason": "unknown"}})
		// A flush that fails keeps what waits for the next one.
		cancelled, cancel := context.WithCancel(context.Background())
		cancel()
		if err := r.Flush(cancelled); err == nil {
			t.Fatal("a flush with a cancelled context succeeded")
		}
		if r.Pending() != 52 {
			t.Fatalf("pending after a failed flush = %d; want 52", r.Pending())
		}
		if err := r.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		events, refusals := counts(t, d)
		if events["token.use"] != 3 || refusals["token.use"] != 52 || r.Pending() != 0 {
			t.Fatalf("events %v, refusals %v, pending %d; want 3 events counting 52", events, refusals, r.Pending())
		}
	})
}

func TestRefusalsStayBounded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := audit.NewRefusals(d, clock.NewFake(start))
		ctx := audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorAnonymous, IP: "198.51.100.7"})
		n := audit.MaxPending + 250
		for i := 0; i < n; i++ {
			r.Add(ctx, audit.Event{Action: "token.use", Details: map[string]any{"reason": "unknown", "hint": fmt.Sprintf("kw_%06d", i)}})
		}
		if err := r.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		events, refusals := counts(t, d)
		if events["token.use"] != audit.MaxPending || events["audit.overflow"] != 1 || refusals["token.use"]+refusals["audit.overflow"] != n {
			t.Fatalf("events %v counting %v; want %d distinct and one overflow, counting %d in all", events, refusals, audit.MaxPending, n)
		}
	})
}

func TestPruneKeepsTheRetention(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		old := make([]db.AuditEvent, 0, 12000)
		for i := 0; i < 12000; i++ {
			old = append(old, db.AuditEvent{At: start.AddDate(0, 0, -400).Add(time.Duration(i) * time.Second), ActorType: audit.ActorSystem, Action: "old.event", Outcome: audit.Success, Details: "{}"})
		}
		for chunk := range slices.Chunk(old, 1000) {
			if _, err := d.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		recent := []db.AuditEvent{{At: start.AddDate(0, 0, -10), ActorType: audit.ActorSystem, Action: "recent.event", Outcome: audit.Success, Details: "{}"}}
		if _, err := d.NewInsert().Model(&recent).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		n, err := audit.Prune(ctx, d, start, start.AddDate(0, 0, -365))
		if err != nil || n != 12000 {
			t.Fatalf("pruned %d, %v; want 12000", n, err)
		}
		events, _ := counts(t, d)
		if events["old.event"] != 0 || events["recent.event"] != 1 || events["audit.prune"] != 1 {
			t.Fatalf("after pruning: %v", events)
		}
		if n, err := audit.Prune(ctx, d, start, start.AddDate(0, 0, -365)); err != nil || n != 0 {
			t.Fatalf("second prune: %d %v", n, err)
		}
		if events, _ := counts(t, d); events["audit.prune"] != 1 {
			t.Fatalf("a prune that removed nothing recorded an event: %v", events)
		}
	})
}
