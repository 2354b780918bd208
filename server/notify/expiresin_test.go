package notify

import (
	"testing"
	"time"
)

func TestExpiresIn(t *testing.T) {
	const day = 24 * time.Hour
	for _, c := range []struct {
		in   time.Duration
		want string
	}{
		{9*day + 23*time.Hour + 10*time.Minute, "in 9 days 23 hours"},
		{10*day - 2*time.Second, "in 10 days"},
		{10 * day, "in 10 days"},
		{day + time.Hour, "in 1 day 1 hour"},
		{day + 59*time.Minute, "in 1 day"},
		{2*day + 3*time.Hour, "in 2 days 3 hours"},
		{5*time.Hour + 40*time.Minute, "in 5 hours"},
		{time.Hour, "in 1 hour"},
		{45 * time.Minute, "in 45 minutes"},
		{time.Minute, "in 1 minute"},
		{20 * time.Second, "in less than a minute"},
	} {
		t.Run(c.want, func(t *testing.T) {
			if got := expiresIn(c.in); got != c.want {
				t.Errorf("expiresIn(%v) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
