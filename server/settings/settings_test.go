package settings_test

import (
	"context"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/settings"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// A process keeps its copy of the settings for its max age on its clock, so a change made by
// another replica (here a second service on the same database, whose broadcast this one does
// not hear) shows once the clock has moved on, not before; while the process may miss
// broadcasts, its copy serves for OfflineMaxAge of real time, whatever the clock says.
func TestCopyServesForMaxAge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		days := func(t *testing.T, s *settings.Service) int {
			t.Helper()
			st, err := s.Get(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return st.ReminderWindowDays
		}
		set := func(t *testing.T, s *settings.Service, n int) {
			t.Helper()
			if _, err := s.Update(ctx, settings.Changes{ReminderWindowDays: &n}); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name string
			// move acts on this process's clock and hearing after the other replica's change.
			move func(c *clock.Fake, here *settings.Service)
			// stale is whether the copy still serves after move.
			stale bool
		}{
			{"case=within max age", func(c *clock.Fake, _ *settings.Service) { c.Add(time.Minute - time.Second) }, true},
			{"case=max age passed", func(c *clock.Fake, _ *settings.Service) { c.Add(time.Minute) }, false},
			{"case=clock set back", func(c *clock.Fake, _ *settings.Service) { c.Add(-time.Second) }, false},
			{"case=deaf past OfflineMaxAge", func(_ *clock.Fake, here *settings.Service) {
				here.Hears(false)
				time.Sleep(settings.OfflineMaxAge + 50*time.Millisecond)
			}, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := clock.NewFake(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
				here, there := settings.New(d, c, time.Minute), settings.New(d, c, time.Minute)
				set(t, there, 10)
				if got := days(t, here); got != 10 {
					t.Fatalf("first read: %d days, want 10", got)
				}
				set(t, there, 20)
				tc.move(c, here)
				want := 20
				if tc.stale {
					want = 10
				}
				if got := days(t, here); got != want {
					t.Fatalf("after the other replica's change: %d days, want %d", got, want)
				}
				if got := days(t, there); got != 20 {
					t.Fatalf("the replica that made the change reads %d days, want 20", got)
				}
			})
		}
	})
}
