package notify

import (
	"fmt"
	"time"
)

// expiresIn says how far off an expiry is, in days and hours ("in 9 days 23 hours", "in 1 day",
// "in 5 hours"): a reminder sent 9 days 23 hours before must not round that down to 9 days.
// Below an hour it counts minutes. The duration is rounded to the minute first, so a token set
// to expire in exactly 10 days still reads "in 10 days" a few seconds later.
func expiresIn(d time.Duration) string {
	d = d.Round(time.Minute)
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("in %s %s", plural(days, "day"), plural(hours, "hour"))
	case days > 0:
		return "in " + plural(days, "day")
	case hours > 0:
		return "in " + plural(hours, "hour")
	case d >= time.Minute:
		return "in " + plural(int(d/time.Minute), "minute")
	default:
		return "in less than a minute"
	}
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
