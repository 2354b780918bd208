package jobs

import (
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"
)

// FixedRetry counts its delay from the real time, which River schedules on, whatever clock
// Keyward runs on: River would replace a retry time before its own now with its backoff.
func TestFixedRetryCountsFromTheRealTime(t *testing.T) {
	for _, d := range []time.Duration{0, 250 * time.Millisecond, time.Hour} {
		before := time.Now()
		got := FixedRetry(d).NextRetry(&rivertype.JobRow{Attempt: 1})
		after := time.Now()
		if got.Before(before.Add(d)) || got.After(after.Add(d)) {
			t.Errorf("delay %v: next retry at %v, want between %v and %v", d, got, before.Add(d), after.Add(d))
		}
	}
}
